import { defineBackground } from 'wxt/utils/define-background';
import { CHECKS } from '../utils/checks';
import { History } from '../utils/history/db';
import { resolveProfile } from '../utils/profile/resolve';
import { showBadge } from '../utils/platform/badge';
import { createBrowserPlatform } from '../utils/platform/browser';
import { extensionVersion, installedByPolicy, serveHub } from '../utils/platform/messaging';
import { loadLastRun, readProfileInputs, saveLastRun } from '../utils/platform/storage';
import { RunHub } from '../utils/run/hub';
import { persistRun, restoreLastRun } from '../utils/run/persist';
import type { RunRecord } from '../utils/run/types';

/** Wiring only: the hub hosts runs here so they outlive the popup; history in IndexedDB. */
export default defineBackground(() => {
  const history = new History();
  const log = (message: string, error?: unknown) => console.warn(`[readiness] ${message}`, error);
  const badge = (run: RunRecord) => void showBadge(run).catch((error) => log('could not update the badge', error));

  const hub = new RunHub({
    checks: CHECKS,
    loadProfile: async () => resolveProfile(await readProfileInputs()),
    platformFor: createBrowserPlatform,
    loadLastRun,
    saveRun: persistRun(history, saveLastRun, () => Date.now(), log),
    onFinished: badge,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    extensionVersion: extensionVersion(),
    installedByPolicy,
    log,
  });

  // After a browser or extension restart: the badge of the last run, and that run in the history.
  void restoreLastRun(history, loadLastRun, () => Date.now(), badge).catch((error) =>
    log('could not restore the last run', error),
  );

  serveHub((send, onMessage, onClose) => {
    const unsubscribe = hub.subscribe(send);
    onClose(unsubscribe);
    onMessage((message) => {
      if (message.type === 'start') void hub.start(message.page);
      else if (message.type === 'confirm') void hub.confirm(message.runId, message.checkId, message.answer);
      else if (message.type === 'quick-fix') void hub.quickFix(message.runId, message.checkId, message.page);
      else if (message.type === 'refresh') void hub.refresh(message.checkIds, message.page);
    });
  });
});
