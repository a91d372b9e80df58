import { browser } from 'wxt/browser';
import { optional } from './optional';
import type { PageFacts } from './types';

/** Measured by the page that starts a run (popup, report tab, test harness). */
export async function measurePageFacts(): Promise<PageFacts> {
  const nav = navigator as Navigator & { deviceMemory?: number; pdfViewerEnabled?: boolean };
  const facts: PageFacts = {
    screen: {
      width: screen.width,
      height: screen.height,
      availWidth: screen.availWidth,
      availHeight: screen.availHeight,
    },
    devicePixelRatio: devicePixelRatio,
    hardwareConcurrency: nav.hardwareConcurrency,
    language: nav.language,
  };
  if (nav.deviceMemory !== undefined) facts.deviceMemory = nav.deviceMemory;
  if (nav.pdfViewerEnabled !== undefined) facts.pdfViewerEnabled = nav.pdfViewerEnabled;
  const tab = await optional(() => browser.tabs.getCurrent());
  const zoom = tab?.id === undefined ? undefined : await optional(() => browser.tabs.getZoom(tab.id));
  if (zoom !== undefined) facts.pageZoom = zoom;
  const devices = await optional(() => navigator.mediaDevices?.enumerateDevices());
  if (devices) {
    const count = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind).length;
    facts.mediaDevices = {
      videoinput: count('videoinput'),
      audioinput: count('audioinput'),
      audiooutput: count('audiooutput'),
    };
  }
  return facts;
}
