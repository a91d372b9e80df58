import { describe, expect, it } from 'vitest';
import { FIRST_PHASE_MAX_MS, runChecks } from '../../../utils/engine/runner';
import { createShared } from '../../../utils/engine/shared';
import type { Check, Diagnostic } from '../../../utils/engine/types';
import { fakePlatform, profileWith } from '../fakes';

const check = (id: string, run: Check['run']): Check => ({
  id,
  covers: ['X-1'],
  category: 'system',
  messages: ['ok'],
  run,
});
const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted inside'));
    });
  });
const passAfter =
  (ms: number) =>
  async ({ signal }: { signal: AbortSignal }) => {
    await wait(ms, signal);
    return { status: 'pass' as const, message: 'ok', evidence: { ms } };
  };
/** A check that logs its start and end into `events`. */
const loggedCheck =
  (events: string[]) =>
  (id: string, ms: number, first = false): Check => ({
    ...check(id, async () => {
      events.push(`start ${id}`);
      await wait(ms);
      events.push(`end ${id}`);
      return { status: 'pass', message: 'ok', evidence: {} };
    }),
    first,
  });
const profile = profileWith((p) => {
  p.timeouts.checkMs = 200;
});
const context = { profile, platform: fakePlatform(), now: () => performance.now(), shared: createShared() };

describe('engine', () => {
  it('streams results in landing order and returns them in registry order, with full i18n keys', async () => {
    const landed: string[] = [];
    const results = await runChecks({
      checks: [check('slow-one', passAfter(60)), check('fast-one', passAfter(5))],
      context,
      onResult: (d) => landed.push(d.checkId),
    });
    expect(landed).toEqual(['fast-one', 'slow-one']);
    expect(results.map((d) => d.checkId)).toEqual(['slow-one', 'fast-one']);
    expect(results[0]?.message.key).toBe('check_slow_one_ok');
  });

  it('runs checks in parallel: all three are in flight at once', async () => {
    let inFlight = 0;
    let most = 0;
    const tracked = (id: string) =>
      check(id, async () => {
        most = Math.max(most, ++inFlight);
        await wait(20);
        inFlight -= 1;
        return { status: 'pass', message: 'ok', evidence: {} };
      });
    await runChecks({ checks: [tracked('a'), tracked('b'), tracked('c')], context });
    expect(most).toBe(3);
  });

  it('starts the `first` checks alone and the others once they settle', async () => {
    const events: string[] = [];
    const logged = loggedCheck(events);
    await runChecks({ checks: [logged('other', 1), logged('probe', 30, true)], context });
    expect(events).toEqual(['start probe', 'end probe', 'start other', 'end other']);
  });

  it('says once when the `first` checks have settled, before the others start', async () => {
    const events: string[] = [];
    const logged = loggedCheck(events);
    await runChecks({
      checks: [logged('other', 1), logged('probe', 30, true), logged('probe2', 10, true)],
      context,
      onResult: (d) => events.push(`result ${d.checkId}`),
      onFirstPhaseDone: () => events.push('first phase done'),
    });
    expect(events.slice(0, 8)).toEqual([
      'start probe',
      'start probe2',
      'end probe2',
      'result probe2',
      'end probe',
      'result probe',
      'first phase done',
      'start other',
    ]);
  });

  it('says the first phase is done at once when no check is `first`, and at FIRST_PHASE_MAX_MS at the latest', async () => {
    const events: string[] = [];
    const logged = loggedCheck(events);
    await runChecks({
      checks: [logged('other', 1)],
      context,
      onFirstPhaseDone: () => events.push('first phase done'),
    });
    expect(events[0]).toBe('first phase done');
    events.length = 0;
    await runChecks({
      checks: [{ ...logged('blocked', FIRST_PHASE_MAX_MS + 150, true), timeoutMs: () => 2000 }, logged('other', 1)],
      context,
      onFirstPhaseDone: () => events.push('first phase done'),
    });
    expect(events).toEqual(['start blocked', 'first phase done', 'start other', 'end other', 'end blocked']);
  });

  it('starts the others after FIRST_PHASE_MAX_MS when a `first` check is still running', async () => {
    const slowFirst = { ...check('blocked', passAfter(FIRST_PHASE_MAX_MS + 150)), first: true, timeoutMs: () => 2000 };
    let otherStartedWhileFirstRan = false;
    let firstDone = false;
    const other = check('other', async () => {
      otherStartedWhileFirstRan = !firstDone;
      return { status: 'pass', message: 'ok', evidence: {} };
    });
    await runChecks({
      checks: [slowFirst, other],
      context,
      onResult: (d) => d.checkId === 'blocked' && (firstDone = true),
    });
    expect(otherStartedWhileFirstRan).toBe(true);
  });

  it('tells a check when every other check of the run has settled', async () => {
    const order: string[] = [];
    const waiting = check('waits', async (ctx) => {
      await ctx.othersSettled?.();
      order.push('waits resumed');
      return { status: 'pass', message: 'ok', evidence: {} };
    });
    const slow = check('slow', async () => {
      await wait(40);
      order.push('slow done');
      return { status: 'pass', message: 'ok', evidence: {} };
    });
    await runChecks({ checks: [waiting, slow], context });
    expect(order).toEqual(['slow done', 'waits resumed']);
  });

  it('turns a timeout into an error that names the limit, and aborts the check', async () => {
    let sawAbort = false;
    const [result] = await runChecks({
      checks: [
        check('hangs', async ({ signal }) => {
          signal.addEventListener('abort', () => (sawAbort = true));
          await new Promise(() => undefined);
          throw new Error('unreachable');
        }),
      ],
      context,
    });
    expect(result).toMatchObject({ status: 'error', message: { key: 'engine_timeout', params: { ms: 200 } } });
    expect(sawAbort).toBe(true);
  });

  it('turns a throw into an error with the exception text', async () => {
    const [result] = await runChecks({
      checks: [
        check('throws', async () => {
          throw new TypeError('x is undefined');
        }),
      ],
      context,
    });
    expect(result).toMatchObject({
      status: 'error',
      message: { key: 'engine_threw', params: { detail: 'TypeError: x is undefined' } },
    });
  });

  it('honours a per-check timeout from the check', async () => {
    const slow = { ...check('long', passAfter(300)), timeoutMs: () => 1000 };
    const [result] = await runChecks({ checks: [slow], context });
    expect(result?.status).toBe('pass');
  });

  it('stops every unfinished check on abort, saying the run was stopped', async () => {
    const controller = new AbortController();
    const results: Diagnostic[] = [];
    const done = runChecks({
      checks: [check('quick', passAfter(1)), check('pending', passAfter(150))],
      context,
      signal: controller.signal,
      onResult: (d) => results.push(d),
    });
    setTimeout(() => controller.abort(), 30);
    const final = await done;
    expect(final.map((d) => d.status)).toEqual(['pass', 'error']);
    expect(final[1]?.message.key).toBe('engine_aborted');
  });
});

describe('diagnostics are plain data', () => {
  it('share no object between message, evidence and fixes (Firefox storage drops repeated references)', async () => {
    const params = { min: 6 };
    const evidence = { seen: 4 };
    const [d] = await runChecks({
      checks: [
        check('shared-refs', async () => ({
          status: 'fail',
          message: 'ok',
          params,
          evidence: evidence,
          fixes: [{ key: 'ok', params }],
        })),
      ],
      context,
    });
    expect(d!.message.params).toEqual({ min: 6 });
    expect(d!.fixes[0]!.params).toEqual({ min: 6 });
    expect(d!.fixes[0]!.params).not.toBe(d!.message.params);
    expect(d!.evidence).not.toBe(evidence);
  });
});
