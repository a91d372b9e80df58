import { describe, expect, it, vi } from 'vitest';
import type { Check } from '../../../utils/engine/types';
import { resolveProfile } from '../../../utils/profile/resolve';
import { RunHub, type HubDeps } from '../../../utils/run/hub';
import type { RunRecord, StateMessage } from '../../../utils/run/types';
import { fakePlatform } from '../fakes';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

const passing = (id: string, until?: Promise<void>): Check => ({
  id,
  covers: ['X-1'],
  category: 'system',
  messages: ['ok'],
  run: async () => {
    await until;
    return { status: 'pass', message: 'ok', evidence: {} };
  },
});
const manual: Check = {
  id: 'ask',
  covers: ['X-2'],
  category: 'system',
  messages: ['q'],
  run: async () => ({ status: 'manual', message: 'q', evidence: {}, manual: { unmetStatus: 'fail' } }),
};

function hubWith(checks: Check[], overrides: Partial<HubDeps> = {}) {
  let stored: RunRecord | undefined;
  let id = 0;
  const saved: RunRecord[] = [];
  const deps: HubDeps = {
    checks,
    loadProfile: async () => resolveProfile({}),
    platformFor: () => fakePlatform(),
    loadLastRun: async () => stored,
    saveRun: async (run) => {
      stored = structuredClone(run);
      saved.push(stored);
    },
    now: () => 1_700_000_000_000,
    newId: () => `run-${++id}`,
    extensionVersion: '1.2.3',
    log: vi.fn(),
    ...overrides,
  };
  return { hub: new RunHub(deps), saved, deps, stored: () => stored };
}

describe('run hub', () => {
  it('finishes and saves a run nobody listens to (the popup closed)', async () => {
    const { hub, saved } = hubWith([passing('a'), passing('b')]);
    const unsubscribe = hub.subscribe(() => undefined);
    const done = hub.start({});
    unsubscribe();
    const run = await done;
    expect(run).toMatchObject({
      overall: 'pass',
      planned: 2,
      extensionVersion: '1.2.3',
      profile: { id: 'therape-6.1.0', source: 'builtin' },
    });
    expect(saved.at(-1)?.diagnostics.map((d) => d.checkId)).toEqual(['a', 'b']);
  });

  it('records with the run that an enterprise policy installed the extension', async () => {
    const { hub } = hubWith([passing('a')], { installedByPolicy: () => Promise.resolve(true) });
    expect((await hub.start({})).managedInstall).toBe(true);
    const { hub: plain } = hubWith([passing('a')], { installedByPolicy: () => Promise.resolve(false) });
    expect((await plain.start({})).managedInstall).toBeUndefined();
  });

  it('streams partial states as results land (coalescing those that land together), the last one not running', async () => {
    const later = new Promise<void>((resolve) => setTimeout(resolve, 150));
    const { hub } = hubWith([passing('a'), passing('b'), passing('slow', later)]);
    const states: StateMessage[] = [];
    hub.subscribe((s) => states.push(s));
    await hub.start({});
    const counts = states.map((s) => s.run.diagnostics.length);
    expect(counts).toContain(2);
    expect(counts).not.toContain(1);
    expect(states.at(-1)).toMatchObject({ running: false, run: { overall: 'pass' } });
    expect(states.slice(0, -1).every((s) => s.running)).toBe(true);
  });

  it('tells pages the run started only once the STUN/TURN probes (`first` checks) have settled', async () => {
    const release = gate();
    const probe = { ...passing('probe', release.opened), first: true };
    const quick = { ...passing('quick-probe'), first: true };
    const { hub } = hubWith([probe, quick, passing('other')]);
    const states: StateMessage[] = [];
    hub.subscribe((s) => states.push(s));
    const done = hub.start({});
    // Longer than the 50 ms coalescing after quick-probe's result: a probe is still waiting, so no
    // page was woken to re-render meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(states).toEqual([]);
    release.open();
    await done;
    expect(states[0]).toMatchObject({ running: true });
    expect(states[0]!.run.diagnostics.map((d) => d.checkId).sort()).toEqual(['probe', 'quick-probe']);
    expect(states.at(-1)).toMatchObject({ running: false, run: { overall: 'pass' } });
  });

  it('lets a second start join the run in progress instead of starting another', async () => {
    const release = gate();
    const { hub, saved } = hubWith([passing('slow', release.opened)]);
    const first = hub.start({});
    const second = hub.start({});
    release.open();
    expect((await first).id).toBe((await second).id);
    expect(new Set(saved.map((r) => r.id)).size).toBe(1);
  });

  it('sends a late subscriber the current state at once', async () => {
    const release = gate();
    const { hub } = hubWith([passing('slow', release.opened)]);
    const done = hub.start({});
    const states: StateMessage[] = [];
    hub.subscribe((s) => states.push(s));
    expect(states[0]).toMatchObject({ running: true });
    release.open();
    await done;
  });

  it('does not replay a finished run to a new subscriber as if it were fresh', async () => {
    const { hub } = hubWith([passing('a')]);
    await hub.start({});
    const states: StateMessage[] = [];
    hub.subscribe((s) => states.push(s));
    expect(states).toEqual([]);
  });

  it('keeps a manual answer with the run, and carries it to the next run', async () => {
    const { hub, stored } = hubWith([manual]);
    const first = await hub.start({});
    await hub.confirm(first.id, 'ask', 'no');
    expect(stored()?.diagnostics[0]?.manual?.confirmation?.answer).toBe('no');
    expect(stored()?.overall).toBe('fail');
    const second = await hub.start({});
    expect(second.id).not.toBe(first.id);
    expect(second.diagnostics[0]?.manual?.confirmation?.answer).toBe('no');
  });

  it('asks again when the question changed: an answer is carried only to the same message', async () => {
    let question = 'q';
    const changing: Check = {
      ...manual,
      messages: ['q', 'q2'],
      run: async () => ({ status: 'manual', message: question, evidence: {}, manual: { unmetStatus: 'fail' } }),
    };
    const { hub } = hubWith([changing]);
    const first = await hub.start({});
    await hub.confirm(first.id, 'ask', 'yes');
    question = 'q2';
    const second = await hub.start({});
    expect(second.diagnostics[0]?.message.key).toBe('check_ask_q2');
    expect(second.diagnostics[0]?.manual?.confirmation).toBeUndefined();
    expect(second.overall).toBe('pending');
  });

  it('applies IT attestations on every run from the managed key: not carried, not overridden by the user', async () => {
    let settings: Record<string, unknown> = {
      attestations: { 'X-2': { answer: 'yes', by: 'IT image W10-2026-03', at: '2026-03-02' } },
    };
    const { hub, stored } = hubWith([passing('a'), manual], { loadProfile: async () => resolveProfile({ settings }) });
    const first = await hub.start({});
    expect(first.overall).toBe('pass');
    expect(first.diagnostics[1]?.manual?.confirmation).toEqual({
      answer: 'yes',
      at: Date.parse('2026-03-02'),
      source: 'policy',
      by: 'IT image W10-2026-03',
    });
    // The user cannot answer over IT.
    await hub.confirm(first.id, 'ask', 'no');
    expect(stored()?.diagnostics[1]?.manual?.confirmation?.source).toBe('policy');
    expect(stored()?.overall).toBe('pass');
    // IT removes the attestation: the next run asks again (the previous run's policy answer is not carried).
    settings = {};
    const second = await hub.start({});
    expect(second.diagnostics[1]?.manual?.confirmation).toBeUndefined();
    expect(second.overall).toBe('pending');
    // A user answer is replaced by an attestation IT adds later.
    await hub.confirm(second.id, 'ask', 'no');
    settings = { attestations: { 'X-2': { answer: 'no', by: 'DSI', at: '2026-03-05' } } };
    const third = await hub.start({});
    expect(third.diagnostics[1]?.manual?.confirmation).toMatchObject({ answer: 'no', source: 'policy', by: 'DSI' });
    expect(third.overall).toBe('fail');
  });

  it('holds the verdict at pending while a blocking question is open; the user’s "yes" makes it pass and updates the badge', async () => {
    const onFinished = vi.fn();
    const { hub, stored } = hubWith([passing('a'), manual], { onFinished });
    const run = await hub.start({});
    expect(run.overall).toBe('pending');
    // The first run: no run before it to compare with.
    expect(onFinished).toHaveBeenLastCalledWith(expect.objectContaining({ overall: 'pending' }), undefined);
    await hub.confirm(run.id, 'ask', 'yes');
    expect(stored()?.overall).toBe('pass');
    expect(stored()?.diagnostics[1]?.manual?.confirmation).toEqual({
      answer: 'yes',
      at: 1_700_000_000_000,
      source: 'user',
    });
    expect(onFinished).toHaveBeenLastCalledWith(expect.objectContaining({ overall: 'pass' }));
    await hub.confirm(run.id, 'ask', null);
    expect(stored()?.overall).toBe('pending');
  });

  it('reports a failed save and still delivers the run', async () => {
    const { hub, deps } = hubWith([passing('a')], {
      saveRun: async () => {
        throw new Error('QuotaExceededError');
      },
    });
    const states: StateMessage[] = [];
    hub.subscribe((s) => states.push(s));
    const run = await hub.start({});
    expect(run.overall).toBe('pass');
    expect(states.at(-1)?.run.diagnostics).toHaveLength(1);
    expect(deps.log).toHaveBeenCalledWith('could not save the run', expect.any(Error));
  });

  it('tells the page when the run could not be stored at all (storage.local refused it)', async () => {
    const { hub } = hubWith([passing('a')], {
      saveRun: async () => {
        throw new Error('QUOTA_BYTES quota exceeded');
      },
    });
    const states: StateMessage[] = [];
    hub.subscribe((s) => states.push(s));
    await hub.start({});
    expect(states.at(-1)?.run.saveError).toBe('QUOTA_BYTES quota exceeded');
  });

  it('carries the first 50 profile problems and the count of the others, not 100,000 of them', async () => {
    const problems = Array.from({ length: 100_000 }, (_, i) => ({
      source: 'managed' as const,
      path: `network.https.${i}.url`,
      key: 'schema_url',
    }));
    const { hub, stored } = hubWith([passing('a')], {
      loadProfile: async () => ({ ...resolveProfile({}), problems }),
    });
    await hub.start({});
    expect(stored()?.profileProblems).toEqual(problems.slice(0, 50));
    expect(stored()?.profileProblemsOmitted).toBe(99_950);
    expect(JSON.stringify(stored()).length).toBeLessThan(20_000);
  });

  it('ends as error, never pass, when the profile cannot be loaded', async () => {
    const { hub } = hubWith([passing('a')], {
      loadProfile: async () => {
        throw new Error('storage gone');
      },
    });
    expect((await hub.start({})).overall).toBe('error');
  });
});

describe('run hub answers during a run', () => {
  it('ignores an answer to an older run while a new one is in progress', async () => {
    const release = gate();
    let first = true;
    const slowSecond: Check = {
      ...manual,
      run: async () => {
        if (!first) await release.opened;
        first = false;
        return { status: 'manual', message: 'q', evidence: {}, manual: { unmetStatus: 'fail' } };
      },
    };
    const { hub, stored } = hubWith([slowSecond]);
    const old = await hub.start({});
    const next = hub.start({});
    await hub.confirm(old.id, 'ask', 'yes');
    expect(stored()?.diagnostics[0]?.manual?.confirmation).toBeUndefined();
    release.open();
    expect((await next).id).not.toBe(old.id);
  });

  describe('Quick Fix', () => {
    /**
     * A setting the check reads; the Quick Fix action turns it on (unless the "browser" refuses;
     * `sticks`: the setting is on afterwards anyway). `applying`: the action waits for it.
     */
    const setup = (refuse?: string, sticks = true, applying?: Promise<void>) => {
      let on = false;
      const applied: unknown[] = [];
      const check: Check = {
        id: 'setting',
        covers: ['X-3'],
        category: 'browser',
        messages: ['on', 'off', 'fix'],
        run: async () =>
          on
            ? { status: 'pass', message: 'on', evidence: { on } }
            : {
                status: 'warn',
                message: 'off',
                evidence: { on },
                fixes: [{ key: 'fix', action: { id: 'passwords-off' } }],
              },
      };
      const platform = fakePlatform({
        applyQuickFix: async (action) => {
          applied.push(action);
          await applying;
          if (sticks) on = true;
          if (refuse) throw new Error(refuse);
        },
      });
      // `hold`: the other check of the runs started from now on waits for it.
      let holding: Promise<void> | undefined;
      const other: Check = { ...passing('other'), run: async () => (await holding, passing('other').run(undefined!)) };
      const made = hubWith([check, other], { platformFor: () => platform });
      return { ...made, applied, hold: (until: Promise<void>) => (holding = until) };
    };

    it('applies the action the row offered, re-runs the check, and saves the run with the new verdict', async () => {
      const { hub, applied, stored } = setup();
      const run = await hub.start({});
      expect(run.overall).toBe('warn');
      const states: StateMessage[] = [];
      hub.subscribe((s) => states.push(s));
      await hub.quickFix(run.id, 'setting', {});
      expect(applied).toEqual([{ id: 'passwords-off' }]);
      const after = stored()!;
      expect(after.id).toBe(run.id);
      expect(after.overall).toBe('pass');
      expect(after.diagnostics.map((d) => d.checkId)).toEqual(['setting', 'other']);
      expect(after.diagnostics[0]).toMatchObject({
        status: 'pass',
        evidence: { on: true },
        quickFix: { id: 'passwords-off', ok: true },
      });
      // The page saw "fixing" then the result.
      expect(states.map((s) => s.fixing)).toEqual(['setting', undefined]);
    });

    it('says not ok when the setting read back did not change (a policy decides)', async () => {
      const { hub, stored } = setup(undefined, false);
      const run = await hub.start({});
      await hub.quickFix(run.id, 'setting', {});
      expect(stored()!.diagnostics[0]).toMatchObject({ status: 'warn', quickFix: { ok: false } });
      expect(stored()!.diagnostics[0]!.quickFix!.error).toBeUndefined();
    });

    it('keeps the browser’s refusal and still re-reads the setting', async () => {
      const { hub, stored } = setup('not allowed', false);
      const run = await hub.start({});
      await hub.quickFix(run.id, 'setting', {});
      expect(stored()!.diagnostics[0]).toMatchObject({ status: 'warn', quickFix: { ok: false, error: 'not allowed' } });
    });

    it('never says ok when the browser refused the change, even if the setting now reads as wanted', async () => {
      const { hub, stored } = setup('refused by policy', true);
      const run = await hub.start({});
      await hub.quickFix(run.id, 'setting', {});
      expect(stored()!.diagnostics[0]).toMatchObject({
        status: 'pass',
        quickFix: { ok: false, error: 'refused by policy' },
      });
    });

    it('leaves a run that started during the Quick Fix alone: the fix result goes nowhere', async () => {
      const applying = gate();
      const { hub, saved, applied, hold } = setup(undefined, true, applying.opened);
      const run = await hub.start({});
      const fixing = hub.quickFix(run.id, 'setting', {});
      await vi.waitFor(() => expect(applied).toHaveLength(1));
      // A new run starts while the change is applied, and is still running when the fix ends.
      const holding = gate();
      hold(holding.opened);
      const slow = hub.start({});
      const savesBefore = saved.length;
      const states: StateMessage[] = [];
      hub.subscribe((s) => states.push(s));
      applying.open();
      await fixing;
      expect(saved.length).toBe(savesBefore);
      expect(states.filter((s) => s.run.id === run.id && s.run.diagnostics[0]?.quickFix)).toEqual([]);
      holding.open();
      const next = await slow;
      expect(next.id).not.toBe(run.id);
      expect(saved.at(-1)!.id).toBe(next.id);
    });

    it('applies a Quick Fix once when it is asked twice at once (after a restart: the run is read from storage)', async () => {
      const { hub, applied, deps } = setup();
      const run = await hub.start({});
      // The service worker restarted: a new hub, with the run only in storage.
      const restarted = new RunHub(deps);
      await Promise.all([restarted.quickFix(run.id, 'setting', {}), restarted.quickFix(run.id, 'setting', {})]);
      expect(applied).toEqual([{ id: 'passwords-off' }]);
    });

    it('does nothing for a row without a Quick Fix, another run, or while a run is in progress', async () => {
      const { hub, applied } = setup();
      const run = await hub.start({});
      await hub.quickFix(run.id, 'other', {});
      await hub.quickFix('not-this-run', 'setting', {});
      const next = hub.start({});
      await hub.quickFix(run.id, 'setting', {});
      await next;
      expect(applied).toEqual([]);
    });
  });
});

describe('run hub retention after a background restart', () => {
  const finished = (): RunRecord =>
    ({
      id: 'run-old',
      startedAt: 1,
      finishedAt: 2,
      extensionVersion: '1.2.3',
      overall: 'pending',
      diagnostics: [
        {
          checkId: 'ask',
          covers: ['X-2'],
          category: 'system',
          status: 'manual',
          message: 'q',
          evidence: {},
          durationMs: 1,
          manual: { unmetStatus: 'fail' },
        },
      ],
    }) as unknown as RunRecord;

  it("saves an answer with the loaded profile's retention, not the built-in one (no run started since the restart)", async () => {
    const retentions: unknown[] = [];
    const resolved = resolveProfile({});
    const keepMore = { ...resolved, profile: { ...resolved.profile, history: { maxRuns: 10_000, maxAgeDays: 3650 } } };
    const { hub } = hubWith([manual], {
      loadLastRun: async () => finished(),
      loadProfile: async () => keepMore,
      saveRun: async (_run, profile) => void retentions.push(profile.history),
    });
    await hub.confirm('run-old', 'ask', 'yes');
    expect(retentions).toEqual([{ maxRuns: 10_000, maxAgeDays: 3650 }]);
  });

  it('deletes nothing when the profile cannot be read at that moment', async () => {
    const retentions: { maxRuns: number }[] = [];
    const { hub } = hubWith([manual], {
      loadLastRun: async () => finished(),
      loadProfile: async () => {
        throw new Error('storage unavailable');
      },
      saveRun: async (_run, profile) => void retentions.push(profile.history),
    });
    await hub.confirm('run-old', 'ask', 'no');
    expect(retentions).toHaveLength(1);
    expect(retentions[0]!.maxRuns).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('scheduled runs in the hub: one at a time', () => {
  it('never starts while a run from the popup is in progress (skipped, not joined)', async () => {
    const { open, opened } = gate();
    const { hub } = hubWith([passing('slow', opened)]);
    const popup = hub.start({});
    expect(hub.startScheduled(undefined)).toBeUndefined();
    open();
    expect((await popup).trigger).toBeUndefined();
  });

  it('never starts twice; a page that starts meanwhile joins the scheduled run, tagged scheduled', async () => {
    const { open, opened } = gate();
    const { hub } = hubWith([passing('slow', opened)]);
    const scheduled = hub.startScheduled(undefined)!;
    expect(hub.startScheduled(undefined)).toBeUndefined();
    const joined = hub.start({});
    open();
    const [a, b] = await Promise.all([scheduled, joined]);
    expect(a.id).toBe(b.id);
    expect(a.trigger).toBe('scheduled');
    // Once finished, the next one may start.
    expect(await hub.startScheduled(undefined)).toMatchObject({ id: 'run-2', trigger: 'scheduled' });
  });

  it('hands the run before it to onFinished (what the notification compares with)', async () => {
    const finished: [string, string | undefined][] = [];
    const { hub } = hubWith([passing('a')], { onFinished: (run, previous) => finished.push([run.id, previous?.id]) });
    await hub.start({});
    await hub.startScheduled(undefined);
    expect(finished).toEqual([
      ['run-1', undefined],
      ['run-2', 'run-1'],
    ]);
  });
});

describe('run hub: results the device test page saved', () => {
  /** A check whose verdict follows what the page saved (as the camera check reads the device test). */
  const seen = { status: 'manual' as 'manual' | 'pass' };
  const device: Check = {
    id: 'camera',
    covers: ['DSK-CAM'],
    category: 'system',
    messages: ['m'],
    run: async () => ({
      status: seen.status,
      message: 'm',
      evidence: { status: seen.status },
      ...(seen.status === 'manual' && { manual: { unmetStatus: 'warn' as const } }),
    }),
  };

  it('re-runs only the named checks on the last run, replaces their rows, rolls up and saves', async () => {
    seen.status = 'manual';
    const { hub, stored, saved } = hubWith([passing('a'), device]);
    const run = await hub.start({});
    expect(run.overall).toBe('pass');
    seen.status = 'pass';
    const saves = saved.length;
    await hub.refresh(['camera', 'not-a-check'], {});
    expect(saved.length).toBe(saves + 1);
    expect(stored()).toMatchObject({ id: run.id, overall: 'pass' });
    expect(stored()!.diagnostics.map((d) => [d.checkId, d.status])).toEqual([
      ['a', 'pass'],
      ['camera', 'pass'],
    ]);
  });

  it('adds the row to a run stored before the check existed, in registry order', async () => {
    seen.status = 'pass';
    const { hub, stored } = hubWith([passing('a'), device, passing('b')]);
    const run = await hub.start({});
    stored()!.diagnostics.splice(1, 1);
    let saved: RunRecord | undefined;
    await new RunHub({
      ...hubWith([]).deps,
      checks: [passing('a'), device, passing('b')],
      loadLastRun: async () => structuredClone(stored()),
      saveRun: async (r) => void (saved = r),
    }).refresh(['camera'], {});
    expect(saved?.id).toBe(run.id);
    expect(saved?.diagnostics.map((d) => d.checkId)).toEqual(['a', 'camera', 'b']);
  });

  it('waits for a run in progress to end, then refreshes that run; no last run: nothing to do', async () => {
    seen.status = 'manual';
    const slow = gate();
    const { hub, stored } = hubWith([passing('a', slow.opened), device]);
    const done = hub.start({});
    seen.status = 'pass';
    const refreshed = hub.refresh(['camera'], {});
    slow.open();
    const run = await done;
    await refreshed;
    expect(stored()).toMatchObject({ id: run.id });
    expect(stored()!.diagnostics.find((d) => d.checkId === 'camera')?.status).toBe('pass');
    const { hub: empty, saved } = hubWith([device]);
    await empty.refresh(['camera'], {});
    expect(saved).toEqual([]);
  });
});
