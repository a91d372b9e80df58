import { browser } from 'wxt/browser';
import { parseManagedSettings } from '../profile/managed';
import { LAST_PAGE_KEY, type RecalledPage } from '../schedule/page-facts';
import {
  effectiveSchedule,
  USER_SCHEDULE_KEY,
  type AlarmLike,
  type Schedule,
  type UserSchedule,
} from '../schedule/plan';
import { SCHEDULE_STATE_KEY, type ScheduleState, type SchedulerDeps } from '../schedule/scheduler';
import type { PageFacts } from './types';

/** The schedule in force: the managed `schedule` key when set (even malformed), else the user's choice. */
export async function readSchedule(): Promise<Schedule> {
  const [managed, local] = await Promise.all([
    // Firefox rejects when no policy exists; Chromium answers {}.
    browser.storage.managed.get('schedule').catch(() => ({}) as Record<string, unknown>),
    browser.storage.local.get(USER_SCHEDULE_KEY),
  ]);
  const policy = parseManagedSettings({ schedule: managed.schedule }).settings.schedule;
  return effectiveSchedule(policy, local[USER_SCHEDULE_KEY] as UserSchedule | undefined);
}

export const saveUserSchedule = (schedule: UserSchedule) =>
  browser.storage.local.set({ [USER_SCHEDULE_KEY]: schedule });

export const alarms: SchedulerDeps['alarms'] = {
  get: async (name) => (await browser.alarms.get(name)) ?? undefined,
  create: async (name, info) => {
    await browser.alarms.create(name, info);
  },
  clear: (name) => browser.alarms.clear(name),
};

/** The next time a scheduled check will start, if any (options page). */
export async function nextScheduledAt(): Promise<number | undefined> {
  const all: AlarmLike[] = await browser.alarms.getAll();
  const times = all.filter((a) => a.name.startsWith('readiness-')).map((a) => a.scheduledTime);
  return times.length ? Math.min(...times) : undefined;
}

interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}
let sessionSeen = false;

/**
 * True the first time in a browser session. Chrome's service worker restarts often: the mark
 * lives in storage.session (kept until the browser or the extension restarts). Firefox's MV2
 * background page lives as long as the session, so a variable of its own is the mark.
 */
export async function newSession(): Promise<boolean> {
  // Through `browser` (promises): Firefox's MV2 `chrome.*` takes callbacks. Absent before Firefox 115.
  const session = (browser.storage as unknown as { session?: SessionArea }).session;
  const stored = await session?.get('sessionStarted');
  if (!stored) {
    const fresh = !sessionSeen;
    sessionSeen = true;
    return fresh;
  }
  if (stored.sessionStarted === true) return false;
  await session?.set({ sessionStarted: true });
  return true;
}

/** What the last page that started a run measured, for the next scheduled runs. */
export const rememberPage = (facts: PageFacts, at: number) =>
  browser.storage.local.set({ [LAST_PAGE_KEY]: { facts, at } satisfies RecalledPage });

export const recallPage = async (): Promise<RecalledPage | undefined> =>
  (await browser.storage.local.get(LAST_PAGE_KEY))[LAST_PAGE_KEY] as RecalledPage | undefined;

export async function loadScheduleState(): Promise<ScheduleState> {
  const stored = (await browser.storage.local.get(SCHEDULE_STATE_KEY))[SCHEDULE_STATE_KEY] as ScheduleState | undefined;
  return stored ?? { alerts: [] };
}

export const saveScheduleState = (state: ScheduleState) => browser.storage.local.set({ [SCHEDULE_STATE_KEY]: state });

/** A system notification: the extension's name and one line; clicking it opens the report on the run. */
export const notify = (id: string, message: string): Promise<string> =>
  browser.notifications.create(id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png' as never),
    title: browser.i18n.getMessage('extName'),
    message,
  });

/** Where the background keeps its notification click listener (see listenForSchedule). */
export const NOTIFICATION_CLICKED = 'readinessNotificationClicked';
type ClickHandlerScope = { [NOTIFICATION_CLICKED]?: (id: string) => void };

/**
 * The background's listeners, registered synchronously at start: an alarm or a click on a
 * notification is what woke a stopped MV3 service worker, and is delivered only to
 * listeners added in its first turn.
 */
export function listenForSchedule(handlers: {
  onAlarm(alarm: AlarmLike): void;
  onNotificationClick(id: string): void;
  onSettingsChanged(): void;
}): void {
  browser.alarms.onAlarm.addListener(handlers.onAlarm);
  const clicked = (id: string) => {
    handlers.onNotificationClick(id);
    void browser.notifications.clear(id).catch(() => undefined);
  };
  browser.notifications.onClicked.addListener(clicked);
  // The very listener, reachable from the extension's own contexts (its devtools console, the
  // e2e tests): no browser lets a script click a system notification.
  (globalThis as ClickHandlerScope)[NOTIFICATION_CLICKED] = clicked;
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed' || (area === 'local' && USER_SCHEDULE_KEY in changes)) handlers.onSettingsChanged();
  });
}
