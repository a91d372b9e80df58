import { defineBackground } from 'wxt/utils/define-background';
import { CHECKS } from '../utils/checks';
import { resolveProfile } from '../utils/profile/resolve';
import { createBrowserPlatform } from '../utils/platform/browser';
import { extensionVersion, serveHub } from '../utils/platform/messaging';
import { loadLastRun, readProfileInputs, saveLastRun } from '../utils/platform/storage';
import { RunHub } from '../utils/run/hub';

/** Wiring only: the hub hosts runs here so they outlive the popup. */
export default defineBackground(() => {
  const hub = new RunHub({
    checks: CHECKS,
    loadProfile: async () => resolveProfile(await readProfileInputs()),
    platformFor: createBrowserPlatform,
    loadLastRun,
    saveRun: saveLastRun,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    extensionVersion: extensionVersion(),
    log: (message, error) => console.warn(`[readiness] ${message}`, error),
  });
  serveHub((send, onMessage, onClose) => {
    const unsubscribe = hub.subscribe(send);
    onClose(unsubscribe);
    onMessage((message) => {
      if (message.type === 'start') void hub.start(message.page);
      else if (message.type === 'confirm') void hub.confirm(message.runId, message.checkId, message.answer);
    });
  });
});
