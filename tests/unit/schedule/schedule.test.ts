import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { displayResolutionCheck } from '../../../utils/checks/display-resolution';
import { catalogueTranslator } from '../../../utils/i18n/format';
import { parseManagedSettings, SCHEDULE_BOUNDS } from '../../../utils/profile/managed';
import { resolveProfile } from '../../../utils/profile/resolve';
import { alertLine, worseChanges } from '../../../utils/schedule/alert';
import { recallingChecks } from '../../../utils/schedule/page-facts';
import {
  ALARMS,
  effectiveSchedule,
  LATE_MS,
  onPeriodicFire,
  periodicStep,
  startupWhen,
  type AlarmLike,
  type Schedule,
} from '../../../utils/schedule/plan';
import { Scheduler, type ScheduleState, type SchedulerDeps } from '../../../utils/schedule/scheduler';
import { fakePlatform } from '../fakes';
import { makeRun } from '../runs';

const catalogue = (lang: string) =>
  JSON.parse(readFileSync(resolve(__dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'));
const en = catalogueTranslator(catalogue('en'));
const fr = catalogueTranslator(catalogue('fr'));
const NOW = 1_700_000_000_000;

describe('managed schedule: validation', () => {
  const parse = (schedule: unknown) => parseManagedSettings({ schedule, labels: { site: 'CHU Nord' } });

  it('is off when absent; reads a valid schedule (also as JSON text), jitter 10 minutes by default', () => {
    expect(parse(undefined).settings.schedule).toBeUndefined();
    expect(parse({ everyMinutes: 240, onStartup: true }).settings.schedule).toEqual({
      everyMinutes: 240,
      onStartup: true,
      jitterMinutes: 10,
    });
    expect(parse('{"onStartup":true,"jitterMinutes":0}').settings.schedule).toEqual({
      onStartup: true,
      jitterMinutes: 0,
    });
  });

  it.each([
    [{ everyMinutes: 29 }, 'schedule.everyMinutes', 'schema_out_of_range', { value: 29, min: 30, max: 10080 }],
    [{ everyMinutes: 10081 }, 'schedule.everyMinutes', 'schema_out_of_range', { value: 10081, min: 30, max: 10080 }],
    [{ everyMinutes: 60.5 }, 'schedule.everyMinutes', 'schema_expected_integer', { value: 60.5 }],
    [{ everyMinutes: '240' }, 'schedule.everyMinutes', 'schema_expected_number', { got: 'string' }],
    [{ onStartup: 'yes' }, 'schedule.onStartup', 'schema_expected_boolean', { got: 'string' }],
    [
      { onStartup: true, jitterMinutes: 61 },
      'schedule.jitterMinutes',
      'schema_out_of_range',
      { value: 61, min: 0, max: 60 },
    ],
    [
      { onStartup: true, jitterMinutes: -1 },
      'schedule.jitterMinutes',
      'schema_out_of_range',
      { value: -1, min: 0, max: 60 },
    ],
    [[240], 'schedule', 'schema_expected_object', { got: 'array' }],
    ['every day', 'schedule', 'schema_expected_object', { got: 'string' }],
  ])('%j: reported by field, scheduling off, the other settings kept', (schedule, path, key, params) => {
    const { settings, problems } = parse(schedule);
    expect(settings.schedule).toBe('invalid');
    expect(settings.labels).toEqual({ site: 'CHU Nord' });
    expect(problems).toEqual([{ source: 'managed', path, key, params, severity: 'warning' }]);
  });

  it('warns about a field it does not know and keeps the rest', () => {
    const { settings, problems } = parse({ everyMinutes: 60, weekends: false });
    expect(settings.schedule).toEqual({ everyMinutes: 60, onStartup: false, jitterMinutes: 10 });
    expect(problems).toEqual([
      { source: 'managed', path: 'schedule.weekends', key: 'schema_unknown_field', severity: 'warning' },
    ]);
  });

  it('reports an invalid schedule with the profile’s problems (popup, options, run)', () => {
    const resolved = resolveProfile({ settings: { schedule: { everyMinutes: 5 } } });
    expect(resolved.problems.map((p) => p.path)).toEqual(['schedule.everyMinutes']);
    expect(resolved.source).toBe('builtin');
  });

  it('bounds: 30 minutes to a week, jitter 0 to 60 minutes', () => {
    expect(SCHEDULE_BOUNDS).toEqual({ everyMinutes: { min: 30, max: 10080 }, jitterMinutes: { min: 0, max: 60 } });
  });
});

describe('who decides', () => {
  it('policy (valid, off or invalid) outranks the user; the user’s daily check only when no policy', () => {
    expect(effectiveSchedule({ everyMinutes: 240, onStartup: true, jitterMinutes: 5 }, { daily: true })).toEqual({
      source: 'policy',
      everyMinutes: 240,
      onStartup: true,
      jitterMinutes: 5,
    });
    expect(effectiveSchedule({ onStartup: false, jitterMinutes: 10 }, { daily: true })).toMatchObject({
      source: 'policy',
      onStartup: false,
    });
    expect(effectiveSchedule({ onStartup: false, jitterMinutes: 10 }, { daily: true }).everyMinutes).toBeUndefined();
    expect(effectiveSchedule('invalid', { daily: true })).toMatchObject({ source: 'policy', invalid: true });
    expect(effectiveSchedule('invalid', { daily: true }).everyMinutes).toBeUndefined();
    expect(effectiveSchedule(undefined, { daily: true })).toMatchObject({ source: 'user', everyMinutes: 1440 });
    expect(effectiveSchedule(undefined, undefined)).toMatchObject({ source: 'none', onStartup: false });
    expect(effectiveSchedule(undefined, undefined).everyMinutes).toBeUndefined();
  });
});

describe('jitter bounds', () => {
  const every = (minutes: number): Schedule => ({
    source: 'policy',
    everyMinutes: minutes,
    onStartup: false,
    jitterMinutes: 10,
  });

  it('first periodic fire anywhere in [now, now + period), never later', () => {
    expect(periodicStep(undefined, every(240), NOW, 0)).toEqual({ action: 'create', when: NOW, periodInMinutes: 240 });
    const last = periodicStep(undefined, every(240), NOW, 0.999_999_9);
    expect(last).toMatchObject({ action: 'create', periodInMinutes: 240 });
    expect((last as { when: number }).when).toBeLessThan(NOW + 240 * 60_000);
    expect((last as { when: number }).when).toBeGreaterThan(NOW + 239 * 60_000);
    // 1,000 draws of a fleet: all within the period, spread over it.
    const whens = Array.from(
      { length: 1000 },
      (_, i) => (periodicStep(undefined, every(60), NOW, i / 1000) as { when: number }).when,
    );
    expect(Math.min(...whens)).toBe(NOW);
    expect(Math.max(...whens)).toBeLessThan(NOW + 60 * 60_000);
  });

  it('keeps an alarm of the same period (a restarted worker must not put it off), replaces another, clears when off', () => {
    const alarm: AlarmLike = { name: ALARMS.every, scheduledTime: NOW + 5000, periodInMinutes: 240 };
    expect(periodicStep(alarm, every(240), NOW, 0.5)).toEqual({ action: 'keep' });
    expect(periodicStep(alarm, every(60), NOW, 0.5)).toMatchObject({ action: 'create', periodInMinutes: 60 });
    const off: Schedule = { source: 'none', onStartup: false, jitterMinutes: 10 };
    expect(periodicStep(alarm, off, NOW, 0.5)).toEqual({ action: 'clear' });
    expect(periodicStep(undefined, off, NOW, 0.5)).toEqual({ action: 'keep' });
  });

  it('the start-up check waits [0, jitterMinutes): at once with 0', () => {
    expect(startupWhen(10, NOW, 0)).toBe(NOW);
    expect(startupWhen(10, NOW, 0.999_999)).toBeLessThan(NOW + 10 * 60_000);
    expect(startupWhen(10, NOW, 0.5)).toBe(NOW + 5 * 60_000);
    expect(startupWhen(0, NOW, 0.7)).toBe(NOW);
  });

  it('a periodic fire missed while the browser was closed is put off by the jitter, not run with the whole fleet', () => {
    const schedule = every(240);
    expect(onPeriodicFire({ name: ALARMS.every, scheduledTime: NOW - 1000 }, schedule, NOW, 0.5)).toEqual({
      run: true,
    });
    expect(onPeriodicFire({ name: ALARMS.every, scheduledTime: NOW - LATE_MS - 1 }, schedule, NOW, 0.5)).toEqual({
      run: false,
      when: NOW + 5 * 60_000,
    });
  });
});

describe('degradation → one line', () => {
  it('names the degraded verdict and each check that went pass → warn/fail, in French and English', () => {
    const before = makeRun('a', 1, {}, { overall: 'warn' });
    const after = makeRun('b', 2, { 'turn-udp': 'fail', browser: 'warn' }, { overall: 'fail' });
    const changes = worseChanges(before, after);
    expect(changes.map((c) => c.subject)).toEqual([
      'verdict',
      'browser',
      'turn-udp',
      'turn-udp mediaserver1-2.maincare.com:3478 turn-udp',
    ]);
    expect(alertLine(changes, en)).toBe(
      'Worse since the previous check: Verdict: Warning → Fail, browser: Pass → Warning, turn-udp: Pass → Fail and 1 more',
    );
    expect(alertLine(changes, fr)).toBe(
      'Moins bon qu’à la vérification précédente : Verdict : Avertissement → Bloquant, browser : Conforme → Avertissement, turn-udp : Conforme → Bloquant et 1 de plus',
    );
    expect(alertLine(changes, en)).not.toContain('\n');
  });

  it('is empty when nothing changed, when things got better, or with no previous run', () => {
    const run = makeRun('a', 1, { 'turn-udp': 'fail' }, { overall: 'fail' });
    expect(worseChanges(run, makeRun('b', 2, { 'turn-udp': 'fail' }, { overall: 'fail' }))).toEqual([]);
    expect(worseChanges(run, makeRun('b', 2, {}, { overall: 'warn' }))).toEqual([]);
    expect(worseChanges(undefined, run)).toEqual([]);
    // A check that broke is not "worse" by itself: the verdict, now incomplete, says so.
    expect(worseChanges(makeRun('a', 1), makeRun('b', 2, { browser: 'error' })).map((c) => c.subject)).toEqual([
      'verdict',
    ]);
  });

  it('counts pending as worse than warn and incomplete as worse than pending', () => {
    expect(worseChanges(makeRun('a', 1, {}, { overall: 'warn' }), makeRun('b', 2, {}, { overall: 'pending' }))).toEqual(
      [{ subject: 'verdict', covers: [], before: 'warn', after: 'pending' }],
    );
    expect(
      worseChanges(makeRun('a', 1, {}, { overall: 'error' }), makeRun('b', 2, {}, { overall: 'pending' })),
    ).toEqual([]);
  });
});

describe('page facts in a scheduled run', () => {
  const run = (recalled: Parameters<typeof recallingChecks>[1]) =>
    recallingChecks([displayResolutionCheck], recalled, () => NOW)[0]!.run({
      profile: resolveProfile({}).profile,
      platform: fakePlatform(),
      signal: new AbortController().signal,
      now: () => NOW,
      shared: (_key, compute) => compute(),
    });

  it('uses the last page’s screen and says so, with its age', async () => {
    const outcome = await run({
      facts: { screen: { width: 1920, height: 1080, availWidth: 1920, availHeight: 1040 }, devicePixelRatio: 1 },
      at: NOW - 90 * 60_000,
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      devicePixels: '1920×1080',
      pageFacts: 'last-page',
      pageFactsAgeMinutes: 90,
    });
  });

  it('with no page ever: not a pass from nothing (manual), and the evidence says why', async () => {
    const outcome = await run(undefined);
    expect(outcome.status).toBe('manual');
    expect(outcome.evidence).toEqual({ pageFacts: 'none' });
  });
});

describe('scheduler', () => {
  function scheduler(schedule: Schedule, overrides: Partial<SchedulerDeps> = {}) {
    const alarms = new Map<string, AlarmLike>();
    let state: ScheduleState = { alerts: [] };
    const notified: [string, string][] = [];
    let fresh = true;
    const deps: SchedulerDeps = {
      readSchedule: async () => schedule,
      alarms: {
        get: async (name) => alarms.get(name),
        create: async (name, info) =>
          void alarms.set(name, { name, scheduledTime: info.when, periodInMinutes: info.periodInMinutes }),
        clear: async (name) => alarms.delete(name),
      },
      newSession: async () => {
        const was = fresh;
        fresh = false;
        return was;
      },
      recallPage: async () => undefined,
      startScheduled: () => undefined,
      loadState: async () => state,
      saveState: async (next) => void (state = next),
      notify: async (id, line) => {
        notified.push([id, line]);
        return id;
      },
      t: en,
      now: () => NOW,
      random: () => 0.5,
      log: vi.fn(),
      ...overrides,
    };
    return { s: new Scheduler(deps), alarms, notified, state: () => state };
  }

  it('plans the periodic and start-up alarms once; a restarted worker keeps them as they are', async () => {
    const schedule: Schedule = { source: 'policy', everyMinutes: 240, onStartup: true, jitterMinutes: 10 };
    const { s, alarms } = scheduler(schedule);
    await s.sync();
    expect([...alarms.values()]).toEqual([
      { name: ALARMS.every, scheduledTime: NOW + 120 * 60_000, periodInMinutes: 240 },
      { name: ALARMS.startup, scheduledTime: NOW + 5 * 60_000, periodInMinutes: undefined },
    ]);
    alarms.delete(ALARMS.startup); // it fired
    const before = structuredClone([...alarms.values()]);
    await s.sync(); // the worker restarted in the same session
    expect([...alarms.values()]).toEqual(before);
  });

  it('records a skipped check when a run is in progress', async () => {
    const { s, state } = scheduler({ source: 'user', everyMinutes: 1440, onStartup: false, jitterMinutes: 10 });
    await s.onAlarm({ name: ALARMS.every, scheduledTime: NOW });
    expect(state().lastSkip).toEqual({ at: NOW, reason: 'busy' });
  });

  it('notifies once when a scheduled run is worse, with the run in the notification id; nothing when the same', async () => {
    const { s, notified, state } = scheduler({ source: 'none', onStartup: false, jitterMinutes: 10 });
    const good = makeRun('a', 1, {}, { overall: 'warn' });
    const bad = makeRun('b', 2, { 'turn-udp': 'fail' }, { overall: 'fail', trigger: 'scheduled', finishedAt: 3 });
    const same = makeRun('c', 4, { 'turn-udp': 'fail' }, { overall: 'fail', trigger: 'scheduled', finishedAt: 5 });
    await s.finished(bad, good);
    await s.finished(same, bad);
    // A run from the popup is never notified, even when worse.
    await s.finished(makeRun('d', 6, { browser: 'fail' }, { overall: 'fail' }), same);
    expect(notified).toEqual([
      ['readiness-run-b', expect.stringMatching(/^Worse since the previous check: Verdict: Warning → Fail, turn-udp/)],
    ]);
    expect(state().alerts).toEqual([{ runId: 'b', at: NOW, line: notified[0]![1], notificationId: 'readiness-run-b' }]);
    expect(state().lastRun).toEqual({ id: 'c', at: 5, overall: 'fail' });
  });

  it('keeps the alert with the browser’s refusal when the notification cannot be shown', async () => {
    const { s, state } = scheduler(
      { source: 'none', onStartup: false, jitterMinutes: 10 },
      { notify: async () => Promise.reject(new Error('no notification server')) },
    );
    await s.finished(makeRun('b', 2, { browser: 'fail' }, { trigger: 'scheduled' }), makeRun('a', 1));
    expect(state().alerts[0]).toMatchObject({ runId: 'b', error: 'no notification server' });
  });
});
