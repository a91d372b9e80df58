import { SCHEDULE_DEFAULT_JITTER_MINUTES, type ScheduleSetting } from '../profile/managed';

/**
 * When background checks run. Pure: the alarms, the clock and the random draw come from
 * the caller (utils/platform/schedule.ts), so the bounds are unit-tested.
 */

/** The user's own choice on the options page, used only when no policy decides. */
export const USER_SCHEDULE_KEY = 'userSchedule';
export interface UserSchedule {
  daily: boolean;
}
export const DAILY_MINUTES = 1440;

/** What is in force: who decided, and the plan (none when off). */
export interface Schedule {
  /** `policy`: the managed key (valid, invalid or off); `user`: the options page; `none`: nobody turned it on. */
  source: 'policy' | 'user' | 'none';
  /** Set by policy but malformed: off, and reported with the profile's problems. */
  invalid?: boolean;
  everyMinutes?: number;
  onStartup: boolean;
  jitterMinutes: number;
}

export function effectiveSchedule(
  policy: ScheduleSetting | 'invalid' | undefined,
  user: UserSchedule | undefined,
): Schedule {
  if (policy === 'invalid')
    return { source: 'policy', invalid: true, onStartup: false, jitterMinutes: SCHEDULE_DEFAULT_JITTER_MINUTES };
  if (policy) return { source: 'policy', ...policy };
  if (user?.daily)
    return {
      source: 'user',
      everyMinutes: DAILY_MINUTES,
      onStartup: false,
      jitterMinutes: SCHEDULE_DEFAULT_JITTER_MINUTES,
    };
  return { source: 'none', onStartup: false, jitterMinutes: SCHEDULE_DEFAULT_JITTER_MINUTES };
}

/** Alarm names: the periodic check, the one after browser start, and a late periodic check put off. */
export const ALARMS = { every: 'readiness-every', startup: 'readiness-startup', late: 'readiness-late' } as const;

export interface AlarmLike {
  name: string;
  scheduledTime: number;
  periodInMinutes?: number;
}

export type AlarmStep =
  { action: 'keep' } | { action: 'clear' } | { action: 'create'; when: number; periodInMinutes: number };

/**
 * The periodic alarm. A fleet must not fire at once, so its first fire is at a random point
 * of the first period (uniform in [now, now + period)): each workstation keeps its own phase.
 * An existing alarm with the same period is kept as it is: the MV3 service worker restarts
 * every few minutes, and re-creating the alarm there would put the check off forever.
 */
export function periodicStep(
  existing: AlarmLike | undefined,
  schedule: Schedule,
  now: number,
  random: number,
): AlarmStep {
  if (!schedule.everyMinutes) return existing ? { action: 'clear' } : { action: 'keep' };
  if (existing?.periodInMinutes === schedule.everyMinutes) return { action: 'keep' };
  const periodMs = schedule.everyMinutes * 60_000;
  return { action: 'create', when: now + Math.floor(random * periodMs), periodInMinutes: schedule.everyMinutes };
}

/** The check after browser start: a random delay in [0, jitterMinutes) minutes. */
export const startupWhen = (jitterMinutes: number, now: number, random: number): number =>
  now + Math.floor(random * jitterMinutes * 60_000);

/**
 * A periodic alarm missed while the browser was closed fires once at the next start, at
 * the same moment on every workstation of a fleet that starts at 8:00. Such a late fire
 * (more than `LATE_MS` after its time) is put off by a random delay, like the start-up check.
 */
export const LATE_MS = 2 * 60_000;
export function onPeriodicFire(
  alarm: AlarmLike,
  schedule: Schedule,
  now: number,
  random: number,
): { run: true } | { run: false; when: number } {
  if (now - alarm.scheduledTime <= LATE_MS || schedule.jitterMinutes === 0) return { run: true };
  return { run: false, when: startupWhen(schedule.jitterMinutes, now, random) };
}
