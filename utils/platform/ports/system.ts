/** What the browser tells about itself and the machine: read only, never changed. */

/** User-agent facts: the UA string everywhere, client hints where the browser has them. */
export interface UserAgentFacts {
  userAgent: string;
  /** navigator.userAgentData.brands (Chromium only). */
  brands?: { brand: string; version: string }[];
  /** High-entropy client hints (Chromium only). */
  fullVersionList?: { brand: string; version: string }[];
  platform?: string;
  platformVersion?: string;
  architecture?: string;
  bitness?: string;
  mobile?: boolean;
}

/** runtime.getBrowserInfo() (Firefox only). */
export interface FirefoxInfo {
  name: string;
  vendor: string;
  version: string;
  buildID: string;
}

export interface ScreenFacts {
  /** Where the numbers come from. */
  source: 'system.display' | 'window.screen';
  /** Size in CSS pixels (device-independent). */
  width: number;
  height: number;
  /** Device pixels per CSS pixel: the operating system's scaling (× browser zoom for window.screen). */
  scaleFactor: number;
  /** Native panel size in device pixels, when the browser tells it. */
  nativeWidth?: number;
  nativeHeight?: number;
  /** Number of displays seen (system.display only). */
  displayCount?: number;
}

export interface PageFacts {
  screen?: { width: number; height: number; availWidth: number; availHeight: number };
  devicePixelRatio?: number;
  /** Zoom of the page that measured devicePixelRatio, when known (1 = 100 %). */
  pageZoom?: number;
  pdfViewerEnabled?: boolean;
  hardwareConcurrency?: number;
  /** navigator.deviceMemory (Chromium; rounded, capped at 8). */
  deviceMemory?: number;
  /** Count of media devices by kind, as enumerateDevices shows them without permission. */
  mediaDevices?: { videoinput: number; audioinput: number; audiooutput: number };
  language?: string;
}

export interface CpuFacts {
  modelName: string;
  archName: string;
  numOfProcessors: number;
}

export interface StorageEstimate {
  quota?: number;
  usage?: number;
}

/** The browser and the machine as the browser shows them (browser.ts). */
export interface SystemFacts {
  userAgent(): Promise<UserAgentFacts>;
  firefoxInfo(): Promise<FirefoxInfo | undefined>;
  screen(): Promise<ScreenFacts | undefined>;
  /** system.memory capacity in bytes (Chromium only). */
  memoryCapacity(): Promise<number | undefined>;
  /** system.cpu (Chromium only). */
  cpu(): Promise<CpuFacts | undefined>;
  storageEstimate(): Promise<StorageEstimate | undefined>;
  /** What the page that started the run measured (see PageFacts). */
  page(): PageFacts;
}
