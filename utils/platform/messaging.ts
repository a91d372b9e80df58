import { browser, type Browser } from 'wxt/browser';
import { RUN_PORT, type ClientMessage, type StateMessage } from '../run/types';

/** A page's connection to the run hub in the background. */
export interface HubConnection {
  send(message: ClientMessage): void;
  close(): void;
}

export function connectToHub(onState: (state: StateMessage) => void, onLost: () => void): HubConnection {
  const port = browser.runtime.connect({ name: RUN_PORT });
  port.onMessage.addListener((message) => onState(message as StateMessage));
  port.onDisconnect.addListener(onLost);
  return { send: (message) => port.postMessage(message), close: () => port.disconnect() };
}

/** Background side: calls `onClient` for every page that connects. */
export function serveHub(
  onClient: (
    send: (state: StateMessage) => void,
    onMessage: (handler: (m: ClientMessage) => void) => void,
    onClose: (handler: () => void) => void,
  ) => void,
): void {
  browser.runtime.onConnect.addListener((port: Browser.runtime.Port) => {
    if (port.name !== RUN_PORT) return;
    onClient(
      (state) => {
        try {
          port.postMessage(state);
        } catch {
          // The page went away between two results: nothing to do, the run goes on.
        }
      },
      (handler) => port.onMessage.addListener((m: unknown) => handler(m as ClientMessage)),
      (handler) => port.onDisconnect.addListener(handler),
    );
  });
}

export const extensionVersion = () => browser.runtime.getManifest().version;
/**
 * Whether an enterprise policy installed the extension (`management.getSelf().installType`
 * 'admin'; needs no permission). Firefox says 'admin' from 127; before, 'other' (not claimed).
 */
export const installedByPolicy = (): Promise<boolean> =>
  browser.management.getSelf().then(
    (self) => self.installType === 'admin',
    () => false,
  );
export const openOptionsPage = () => browser.runtime.openOptionsPage();
/** The report page, on one run when `runId` is given (a notification's click). */
export const openReportPage = (runId?: string) =>
  browser.tabs.create({
    url: browser.runtime.getURL(`/report.html${runId ? `?run=${encodeURIComponent(runId)}` : ''}` as never),
  });
/** The device test page (camera, microphone, speakers, call): a tab, since it holds a permission prompt. */
export const openDevicesPage = () => browser.tabs.create({ url: browser.runtime.getURL('/devices.html') });
