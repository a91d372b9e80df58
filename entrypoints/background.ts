import { defineBackground } from 'wxt/utils/define-background';
import { CHECKS } from '../utils/checks';
import { resolveProfile } from '../utils/profile/resolve';
import { showBadge } from '../utils/platform/badge';
import { createBrowserPlatform } from '../utils/platform/browser';
import { historyStore } from '../utils/platform/history';
import { t } from '../utils/platform/i18n';
import { extensionVersion, installedByPolicy, openReportPage, serveHub } from '../utils/platform/messaging';
import {
  createOutbox,
  mayTransmit,
  onOutboxAlarm,
  onPermissionAdded,
  readReportingConfig,
  wakeAt,
} from '../utils/platform/reporting';
import {
  alarms,
  listenForSchedule,
  loadScheduleState,
  newSession,
  notify,
  readSchedule,
  recallPage,
  rememberPage,
  saveScheduleState,
} from '../utils/platform/schedule';
import { loadLastRun, readProfileInputs, saveLastRun } from '../utils/platform/storage';
import { countStatuses } from '../utils/engine/rollup';
import { verdictText } from '../utils/report/verdict';
import { Reporter } from '../utils/reporting/reporter';
import { RunHub } from '../utils/run/hub';
import { persistRun, restoreLastRun } from '../utils/run/persist';
import type { RunRecord } from '../utils/run/types';
import { runOfNotification, Scheduler } from '../utils/schedule/scheduler';

/** Wiring only: the hub hosts runs here so they outlive the popup; history in IndexedDB. */
export default defineBackground(() => {
  const history = historyStore();
  const log = (message: string, error?: unknown) => console.warn(`[readiness] ${message}`, error);
  const badge = (run: RunRecord) => void showBadge(run).catch((error) => log('could not update the badge', error));

  // Every completed run (popup or scheduled) goes to the outbox, then to the organisation's collector.
  const reporter: Reporter = new Reporter({
    outbox: createOutbox(),
    loadConfig: async () => (await readReportingConfig()).config,
    mayTransmit,
    summary: (run) => verdictText(run.overall, countStatuses(run.diagnostics), t),
    now: () => Date.now(),
    wakeAt: (at) => wakeAt(at, () => void reporter.resume()),
    log,
  });
  onOutboxAlarm(() => void reporter.resume());
  // Firefox's data consent given (options page, about:addons): the queued runs go at once.
  onPermissionAdded(() => void reporter.resume());
  void reporter.resume();

  const hub = new RunHub({
    checks: CHECKS,
    loadProfile: async () => resolveProfile(await readProfileInputs()),
    platformFor: createBrowserPlatform,
    loadLastRun,
    saveRun: persistRun(history, saveLastRun, () => Date.now(), log),
    onFinished: (run, previous) => {
      badge(run);
      void scheduler.finished(run, previous).catch((error) => log('could not compare the scheduled run', error));
    },
    // A copy: an answer given while it is being queued belongs to the stored run, not to this report.
    onCompleted: (run) => void reporter.report(structuredClone(run)),
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    extensionVersion: extensionVersion(),
    installedByPolicy,
    log,
  });

  const scheduler = new Scheduler({
    readSchedule,
    alarms,
    newSession,
    recallPage,
    startScheduled: (recalled) => hub.startScheduled(recalled),
    loadState: loadScheduleState,
    saveState: saveScheduleState,
    notify,
    t,
    now: () => Date.now(),
    random: Math.random,
    log,
  });

  // Listeners first, synchronously: an alarm or a click is what woke this service worker.
  listenForSchedule({
    onAlarm: (alarm) => void scheduler.onAlarm(alarm).catch((error) => log('the scheduled check failed', error)),
    onNotificationClick: (id) => {
      const runId = runOfNotification(id);
      if (runId) void openReportPage(runId).catch((error) => log('could not open the report', error));
    },
    onSettingsChanged: () => void scheduler.sync().catch((error) => log('could not update the schedule', error)),
  });
  void scheduler.sync().catch((error) => log('could not set the schedule', error));

  // After a browser or extension restart: the badge of the last run, and that run in the history.
  void restoreLastRun(history, loadLastRun, () => Date.now(), badge).catch((error) =>
    log('could not restore the last run', error),
  );

  serveHub((send, onMessage, onClose) => {
    const unsubscribe = hub.subscribe(send);
    onClose(unsubscribe);
    onMessage((message) => {
      if (message.type === 'start') {
        // What this page measured serves the scheduled runs until a page measures again.
        void rememberPage(message.page, Date.now()).catch((error) => log('could not keep the page facts', error));
        void hub.start(message.page);
      } else if (message.type === 'confirm') void hub.confirm(message.runId, message.checkId, message.answer);
      else if (message.type === 'quick-fix') void hub.quickFix(message.runId, message.checkId, message.page);
      else if (message.type === 'refresh') void hub.refresh(message.checkIds, message.page);
    });
  });
});
