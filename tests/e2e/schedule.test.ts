import type { Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../utils/run/types';
import type { AlarmLike } from '../../utils/schedule/plan';
import type { ScheduleState } from '../../utils/schedule/scheduler';
import { NOTIFICATION_CLICKED } from '../../utils/platform/schedule';
import { launch, storedRunIds, waitForNewRun, type BrowserName, type Harness } from './browsers';
import { writeManagedSettings } from './policy-files';
import { settingsProfile, TEST_HOSTS } from './profiles';
import { startHttps, startRawTcp, type Http } from './servers';

/**
 * Scheduled checks from an enterprise policy, in the real browsers. Nobody opens the popup
 * here: every run is started by the extension's own alarms. The start-up check (onStartup,
 * jitterMinutes 0) fires at once, so a restart of the background is a new scheduled check.
 * Policy files are machine-wide: each test removes its own.
 */
let restore: (() => void) | undefined;
function writePolicy(name: BrowserName, settings: Record<string, unknown>) {
  restore = writeManagedSettings(name, settings);
}
afterEach(() => {
  restore?.();
  restore = undefined;
});

type Api = {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  alarms: { getAll(): Promise<AlarmLike[]>; create(name: string, info: { when: number }): Promise<void> };
  notifications: {
    getAll(): Promise<Record<string, unknown>>;
    onShown?: { addListener(f: (id: string) => void): void };
    onClosed: { addListener(f: (id: string) => void): void };
  };
};
type Watched = { notified?: Set<string> };

/**
 * Notifications as the browser reports them to an extension page: those it still shows
 * (`getAll`: Chromium keeps them) and those it showed or closed while this page listened
 * (headless Firefox closes each one at once, with `onShown` and `onClosed`).
 */
const watchNotifications = (page: Page) =>
  page.evaluate(() => {
    const scope = globalThis as unknown as { browser?: Api; chrome?: Api } & Watched;
    const extension = (scope.browser ?? scope.chrome)!;
    scope.notified = new Set();
    const seen = (id: string) => scope.notified!.add(id);
    extension.notifications.onShown?.addListener(seen);
    extension.notifications.onClosed.addListener(seen);
  });

/** What the extension itself recorded, the browser's alarms and the notifications seen. */
const observe = (page: Page) =>
  page.evaluate(async () => {
    const scope = globalThis as unknown as { browser?: Api; chrome?: Api } & Watched;
    const extension = (scope.browser ?? scope.chrome)!;
    const shown = Object.keys(await extension.notifications.getAll());
    return {
      state: (await extension.storage.local.get('scheduleState')).scheduleState as ScheduleState | undefined,
      alarms: await extension.alarms.getAll(),
      notifications: [...new Set([...shown, ...(scope.notified ?? [])])],
    };
  });

/**
 * Time travel: the extension's own start-up alarm, moved to a second from now (the next
 * periodic check is hours away). What fires is the extension's real alarm path.
 */
const fireStartupAlarm = (page: Page) =>
  page.evaluate(async () => {
    const scope = globalThis as unknown as { browser?: Api; chrome?: Api };
    await (scope.browser ?? scope.chrome)!.alarms.create('readiness-startup', { when: Date.now() + 1000 });
  });

/** Calls the background's notification click listener (NOTIFICATION_CLICKED) with this id (Firefox: from `page`). */
async function clickNotification(harness: Harness, page: Page, id: string) {
  type Scope = Record<string, (id: string) => void>;
  if (harness.name === 'chromium') {
    const target = await harness.browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
    );
    const worker = (await target.worker())!;
    await worker.evaluate((key, wanted) => (globalThis as unknown as Scope)[key]!(wanted), NOTIFICATION_CLICKED, id);
    return;
  }
  await page.evaluate(
    (key, wanted) => {
      type Extension = { extension: { getBackgroundPage(): Scope } };
      (globalThis as unknown as { browser: Extension }).browser.extension.getBackgroundPage()[key]!(wanted);
    },
    NOTIFICATION_CLICKED,
    id,
  );
}

const badgeText = (page: Page) =>
  page.evaluate(async () => {
    type Button = { getBadgeText(d: object): Promise<string> };
    const scope = globalThis as unknown as { browser?: { browserAction?: Button; action?: Button } };
    const chrome = globalThis as unknown as { chrome?: { action?: Button } };
    return (scope.browser?.browserAction ?? scope.browser?.action ?? chrome.chrome?.action)!.getBadgeText({});
  });

const status = (run: RunRecord, id: string) => run.diagnostics.find((d) => d.checkId === id)?.status;

/** Loopback servers behind the profile's web endpoints; media servers dead (the verdict is fail throughout). */
async function servers() {
  // 200 everywhere: in Firefox a 4xx over the test root (not one Firefox ships) reads as a filter's answer.
  const web: Http = await startHttps((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  const tcp = await startRawTcp('answer');
  return { web, tcp, profile: settingsProfile(web.port, tcp.port) };
}

const POLICY_SCHEDULE = { everyMinutes: 240, onStartup: true, jitterMinutes: 0 };
const problems = (run: RunRecord) => run.diagnostics.filter((d) => ['fail', 'warn', 'error'].includes(d.status)).length;
const waitOpts = (name: BrowserName) =>
  ({ waitUntil: name === 'firefox' ? 'networkidle0' : 'domcontentloaded' }) as const;

describe.each<BrowserName>(['chromium', 'firefox'])('scheduled checks in %s', (name) => {
  it("runs from policy at start-up; a worse check notifies in one line, the same again does not; the notification's click handler opens the report on it", async () => {
    const { web, tcp, profile } = await servers();
    writePolicy(name, { profile, schedule: POLICY_SCHEDULE });
    const launchedAt = Date.now();
    const harness = await launch(name, { loopbackHosts: Object.values(TEST_HOSTS) });
    try {
      const page = await harness.openExtensionPage('options.html');
      await watchNotifications(page);
      // Nobody opens the popup: the policy's start-up check runs on its own.
      const first = await waitForNewRun(page, undefined, 60_000);
      expect(first).toMatchObject({ trigger: 'scheduled', profile: { id: 'e2e-network', source: 'managed' } });
      expect(status(first, 'https-endpoints')).toBe('pass');
      // No page ever measured anything: never a pass from nothing, and the evidence says why.
      for (const id of ['camera', 'audio'])
        expect(first.diagnostics.find((d) => d.checkId === id)).toMatchObject({
          status: 'manual',
          evidence: { pageFacts: 'none' },
        });
      let seen = await observe(page);
      const every = seen.alarms.find((a) => a.name === 'readiness-every')!;
      expect(every.periodInMinutes).toBe(240);
      expect(every.scheduledTime).toBeGreaterThanOrEqual(launchedAt);
      expect(every.scheduledTime).toBeLessThan(Date.now() + 240 * 60_000);
      expect(seen.state).toMatchObject({ lastRun: { id: first.id }, alerts: [] });
      expect(await badgeText(page)).toBe(String(problems(first)));

      // The portal goes down: the next scheduled check is worse.
      await web.stop();
      await fireStartupAlarm(page);
      const worse = await waitForNewRun(page, first.id, 60_000);
      expect(worse.trigger).toBe('scheduled');
      expect(status(worse, 'https-endpoints')).toBe('fail');
      const id = `readiness-run-${worse.id}`;
      await page.waitForFunction(
        async (wanted) => {
          const scope = globalThis as unknown as { browser?: Api; chrome?: Api } & Watched;
          const shown = await (scope.browser ?? scope.chrome)!.notifications.getAll();
          return wanted in shown || scope.notified?.has(wanted);
        },
        { timeout: 5000 },
        id,
      );
      seen = await observe(page);
      expect(seen.state!.alerts).toEqual([
        {
          runId: worse.id,
          at: expect.any(Number),
          line: expect.stringMatching(/^Worse since the previous check: .*https-endpoints: Pass → Fail/),
          notificationId: id,
        },
      ]);
      expect(seen.state!.alerts[0]!.line).not.toContain('\n');
      expect(seen.notifications).toContain(id);
      // The badge follows the scheduled run.
      expect(await badgeText(page)).toBe(String(problems(worse)));

      // The same again: a new scheduled run, nothing notified.
      await fireStartupAlarm(page);
      const same = await waitForNewRun(page, worse.id, 60_000);
      expect(same.trigger).toBe('scheduled');
      expect(status(same, 'https-endpoints')).toBe('fail');
      // The scheduler records the run just after it is stored.
      await page.waitForFunction(
        async (wanted) => {
          const scope = globalThis as unknown as { browser?: Api; chrome?: Api };
          const state = (await (scope.browser ?? scope.chrome)!.storage.local.get('scheduleState')).scheduleState;
          return (state as ScheduleState | undefined)?.lastRun?.id === wanted;
        },
        { timeout: 5000 },
        same.id,
      );
      seen = await observe(page);
      expect(seen.state!.alerts.map((a) => a.runId)).toEqual([worse.id]);
      expect(seen.notifications).toEqual([id]);
      expect(await storedRunIds(page)).toEqual(expect.arrayContaining([first.id, worse.id, same.id]));

      // The options page says what is planned and what was notified.
      await page.reload(waitOpts(name));
      await page.waitForSelector('#schedule-alert');
      expect(await page.$eval('#schedule-alert', (el) => el.textContent)).toContain('https-endpoints: Pass → Fail');
      expect(await page.$eval('#schedule-policy', (el) => el.textContent)).toBe(
        'Set by your organisation: every 240 minutes, at each browser start.',
      );
      expect(await page.$('#schedule-daily')).toBeNull();
      await page.close();

      // The click: no browser lets a script click a system notification, so the test calls the
      // very listener the background gave notifications.onClicked, in the real background
      // (Chromium: its service worker; Firefox: its background page), with the real tabs API.
      // What opened is read as the extension sees its own tabs (extension.getViews), from a page
      // opened before: the report's tab, opened active, stays in front (a hidden tab may not paint).
      const views = await harness.openExtensionPage('options.html');
      await clickNotification(harness, views, id);
      const report = await views.waitForFunction(
        (wanted) => {
          type Views = { extension: { getViews(filter: { type: string }): Window[] } };
          const scope = globalThis as unknown as { browser?: Views; chrome?: Views };
          const tab = (scope.browser ?? scope.chrome)!.extension
            .getViews({ type: 'tab' })
            .find((view) => view.location.href.endsWith(`/report.html?run=${wanted}`));
          const doc = tab?.document;
          // The report on that run, marked scheduled, with what changed, and the three scheduled runs.
          return doc?.querySelector(`#selected-run[data-run="${wanted}"]`) &&
            doc.querySelector('#scheduled-run') &&
            doc.querySelector('.changes li[data-subject="https-endpoints"]')
            ? doc.querySelectorAll('.history li[data-trigger="scheduled"]').length
            : false;
        },
        { timeout: 15_000, polling: 200 },
        worse.id,
      );
      expect(await report.jsonValue()).toBe(3);
      await views.close();
    } finally {
      await harness.close();
      await web.stop().catch(() => undefined);
      await tcp.stop();
    }
  });

  it('survives a new background: alarms kept as planned, the state machine goes on', async () => {
    const { web, tcp, profile } = await servers();
    writePolicy(name, { profile, schedule: POLICY_SCHEDULE });
    const harness = await launch(name, { loopbackHosts: Object.values(TEST_HOSTS) });
    try {
      let page = await harness.openExtensionPage('options.html');
      const first = await waitForNewRun(page, undefined, 60_000);
      const every = (await observe(page)).alarms.find((a) => a.name === 'readiness-every')!;
      let next: RunRecord;
      if (name === 'chromium') {
        // The MV3 service worker is stopped, as Chromium does after 30 s idle.
        const cdp = await page.createCDPSession();
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        const workers = () => harness.browser.targets().filter((t) => t.type() === 'service_worker');
        for (let i = 0; i < 50 && workers().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(workers()).toEqual([]);
        // The alarm wakes it; the new worker runs the check and plans no second start-up check.
        await fireStartupAlarm(page);
        next = await waitForNewRun(page, first.id, 60_000);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        expect(await storedRunIds(page)).toHaveLength(2);
        expect((await observe(page)).alarms.map((a) => a.name)).toEqual(['readiness-every']);
      } else {
        // Firefox: the add-on reloads (a new MV2 background page, as after an update): a new start-up check.
        await page.evaluate(() => {
          const scope = globalThis as unknown as { browser: { runtime: { reload(): void } } };
          setTimeout(() => scope.browser.runtime.reload(), 50);
        });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        page = await harness.openExtensionPage('options.html');
        next = await waitForNewRun(page, first.id, 60_000);
      }
      expect(next.trigger).toBe('scheduled');
      const after = await observe(page);
      const kept = after.alarms.find((a) => a.name === 'readiness-every');
      // Chromium keeps alarms across worker restarts: kept as it was (re-created, it would be put
      // off at every restart). Firefox keeps alarms in memory only: the new page plans it again.
      if (name === 'chromium') expect(kept).toEqual(every);
      else expect(kept?.periodInMinutes).toBe(240);
      expect(after.state!.lastRun!.id).toBe(next.id);
    } finally {
      await harness.close();
      await web.stop();
      await tcp.stop();
    }
  });
});
