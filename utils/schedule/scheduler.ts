import type { Translate } from '../i18n/format';
import type { RunRecord } from '../run/types';
import { alertLine, worseChanges } from './alert';
import type { RecalledPage } from './page-facts';
import { ALARMS, onPeriodicFire, periodicStep, startupWhen, type AlarmLike, type Schedule } from './plan';

/** What the extension did on its own, kept in storage.local: the options page shows it, tests read it. */
export const SCHEDULE_STATE_KEY = 'scheduleState';
export const ALERTS_KEPT = 20;

export interface Alert {
  runId: string;
  at: number;
  line: string;
  /** The notification's id (`readiness-run-<run id>`), or why the browser refused to show it. */
  notificationId?: string;
  error?: string;
}

export interface ScheduleState {
  lastRun?: { id: string; at: number; overall: RunRecord['overall'] };
  /** The last time a scheduled check did not start, and why (`busy`: a run was in progress). */
  lastSkip?: { at: number; reason: 'busy' };
  /** Newest last. */
  alerts: Alert[];
}

export const NOTIFICATION_PREFIX = 'readiness-run-';

export interface SchedulerDeps {
  readSchedule(): Promise<Schedule>;
  alarms: {
    get(name: string): Promise<AlarmLike | undefined>;
    create(name: string, info: { when: number; periodInMinutes?: number }): Promise<void>;
    clear(name: string): Promise<unknown>;
  };
  /** True once per browser session (and extension load): the first caller of a session gets it. */
  newSession(): Promise<boolean>;
  recallPage(): Promise<RecalledPage | undefined>;
  /** The hub's scheduled start: undefined when a run or Quick Fix is in progress. */
  startScheduled(recalled: RecalledPage | undefined): Promise<RunRecord> | undefined;
  loadState(): Promise<ScheduleState>;
  saveState(state: ScheduleState): Promise<void>;
  /** Shows a system notification; resolves with its id. */
  notify(id: string, message: string): Promise<string>;
  t: Translate;
  now(): number;
  random(): number;
  log(message: string, error?: unknown): void;
}

/**
 * The schedule's state machine. Everything it needs survives a restart of the MV3 service
 * worker: the alarms (the browser keeps them), the session mark (storage.session) and the
 * state (storage.local); a run in progress lives with the worker, so a new worker has none.
 */
export class Scheduler {
  constructor(private readonly deps: SchedulerDeps) {}

  /** At every background start and on every policy or option change: the alarms match the schedule. */
  async sync(): Promise<Schedule> {
    const { alarms, now, random } = this.deps;
    const schedule = await this.deps.readSchedule();
    const step = periodicStep(await alarms.get(ALARMS.every), schedule, now(), random());
    if (step.action === 'clear') await alarms.clear(ALARMS.every);
    if (step.action === 'create')
      await alarms.create(ALARMS.every, { when: step.when, periodInMinutes: step.periodInMinutes });
    // Asked at every start, so the session is marked even while the start-up check is off.
    const fresh = await this.deps.newSession();
    if (schedule.onStartup && fresh)
      await alarms.create(ALARMS.startup, { when: startupWhen(schedule.jitterMinutes, now(), random()) });
    if (!schedule.onStartup) await alarms.clear(ALARMS.startup);
    if (!schedule.everyMinutes) await alarms.clear(ALARMS.late);
    return schedule;
  }

  async onAlarm(alarm: AlarmLike): Promise<void> {
    const names: string[] = Object.values(ALARMS);
    if (!names.includes(alarm.name)) return;
    if (alarm.name === ALARMS.every) {
      const decision = onPeriodicFire(alarm, await this.deps.readSchedule(), this.deps.now(), this.deps.random());
      if (!decision.run) {
        await this.deps.alarms.create(ALARMS.late, { when: decision.when });
        return;
      }
    }
    await this.runNow();
  }

  /** One scheduled run, unless a run is in progress (then skipped and recorded). */
  async runNow(): Promise<RunRecord | undefined> {
    const recalled = await this.deps.recallPage().catch(() => undefined);
    const done = this.deps.startScheduled(recalled);
    if (!done) {
      await this.update((state) => ({ ...state, lastSkip: { at: this.deps.now(), reason: 'busy' } }));
      return undefined;
    }
    return done;
  }

  /** After a scheduled run: the record, and a notification when it is worse than the run before. */
  async finished(run: RunRecord, previous: RunRecord | undefined): Promise<Alert | undefined> {
    if (run.trigger !== 'scheduled') return undefined;
    const changes = worseChanges(previous, run);
    let alert: Alert | undefined;
    if (changes.length > 0) {
      alert = { runId: run.id, at: this.deps.now(), line: alertLine(changes, this.deps.t) };
      try {
        alert.notificationId = await this.deps.notify(`${NOTIFICATION_PREFIX}${run.id}`, alert.line);
      } catch (error) {
        alert.error = error instanceof Error ? error.message : String(error);
        this.deps.log('could not show the notification', error);
      }
    }
    await this.update((state) => ({
      ...state,
      lastRun: { id: run.id, at: run.finishedAt ?? run.startedAt, overall: run.overall },
      alerts: alert ? [...state.alerts, alert].slice(-ALERTS_KEPT) : state.alerts,
    }));
    return alert;
  }

  private async update(change: (state: ScheduleState) => ScheduleState) {
    try {
      await this.deps.saveState(change(await this.deps.loadState()));
    } catch (error) {
      this.deps.log('could not record the scheduled check', error);
    }
  }
}

/** The run a notification is about (its id carries it, so a click after a worker restart still knows). */
export const runOfNotification = (id: string): string | undefined =>
  id.startsWith(NOTIFICATION_PREFIX) ? id.slice(NOTIFICATION_PREFIX.length) : undefined;
