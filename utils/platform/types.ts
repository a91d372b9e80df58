import type { DeviceTestRecord } from '../devices/types';
import type { QuickFixAction } from '../engine/quickfix';
import type { FailureKind } from '../net/errors';
import type { IceObservation } from '../net/ice';
import type { MediaTransport } from '../profile/types';

/**
 * The ports through which checks see the workstation. The real implementation
 * (./browser.ts) is the only code that touches browser.*, navigator.*, screen and friends;
 * unit tests hand checks fakes of these interfaces.
 */

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

/**
 * Facts only a visible page can read (the service worker has no `screen`, no
 * `navigator.pdfViewerEnabled`, no media devices). The page that starts a run sends them.
 */
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

export interface HttpProbeRequest {
  url: string;
  timeoutMs: number;
}

export interface HttpProbeResult {
  url: string;
  /** A response arrived (any status). */
  ok: boolean;
  /** HTTP status, when the extension may read the response (host permission). */
  status?: number;
  latencyMs: number;
  /** Kind of failure, when no response arrived. */
  failure?: FailureKind;
  /** The browser's own error string (webRequest), when it tells one. */
  netError?: string;
  /** Address the connection went to (webRequest `ip`), when the browser tells it. */
  remoteIp?: string;
  /**
   * How the request left the browser, where the browser tells (Firefox's webRequest
   * `proxyInfo`): "direct" or "http 10.0.0.1:3128". Absent where it cannot be known (Chromium).
   */
  via?: string;
  /** The certificate chain the browser validated (Firefox's webRequest.getSecurityInfo), for HTTPS. */
  tls?: TlsFacts;
  /**
   * The answer was a redirect (3xx; never followed). `redirectTo` is its absolute target when
   * the browser shows it (webRequest, host permission); an opaque redirect has none.
   */
  redirected?: boolean;
  redirectTo?: string;
  /** Response headers that tell who answered (lower-case names): via, proxy-agent, x-squid-error, server. */
  headers?: Record<string, string>;
  /** HTTP Date header of the response, when readable. */
  date?: string;
  /** Local wall-clock time (epoch ms) when the response arrived. */
  receivedAt?: number;
}

export interface IceProbeRequest {
  url: string;
  transport: MediaTransport;
  username?: string;
  credential?: string;
  timeoutMs: number;
}

export type IceProbeResult = IceObservation & { url: string };

export interface MediaPathRequest {
  /** TURN URL of the relay both peers use. */
  url: string;
  username: string;
  credential: string;
  /** Bound of the whole measurement; on expiry the result says at which stage it stopped. */
  timeoutMs: number;
  /** How long each direction sends for the throughput measurement. */
  measureMs: number;
  pings: number;
}

export type MediaStage = 'allocating' | 'connecting' | 'round-trip' | 'throughput-up' | 'throughput-down';

export interface MediaPathResult {
  stagesCompleted: MediaStage[];
  /** The stage that did not finish (absent when all did). */
  stoppedAt?: MediaStage;
  error?: string;
  connectMs?: number;
  rtt?: { medianMs: number; p95Ms: number; samples: number };
  jitterMs?: number;
  lossPercent?: number;
  /** Peer A → relay → peer B, and back, in Mb/s counted by the receiver. */
  upMbps?: number;
  downMbps?: number;
}

export interface Platform {
  userAgent(): Promise<UserAgentFacts>;
  firefoxInfo(): Promise<FirefoxInfo | undefined>;
  screen(): Promise<ScreenFacts | undefined>;
  /** system.memory capacity in bytes (Chromium only). */
  memoryCapacity(): Promise<number | undefined>;
  /** system.cpu (Chromium only). */
  cpu(): Promise<CpuFacts | undefined>;
  storageEstimate(): Promise<StorageEstimate | undefined>;
  page(): PageFacts;
  /** privacy.services.passwordSavingEnabled, with who controls it; undefined where absent. */
  passwordSaving(): Promise<{ value: boolean; levelOfControl: string } | undefined>;
  /** privacy.network WebRTC settings: IP-handling policy (both), peerConnectionEnabled (Firefox). */
  webrtcPolicy(): Promise<{
    ipHandling?: { value: string; levelOfControl: string };
    peerConnectionEnabled?: { value: boolean; levelOfControl: string };
  }>;
  /** pop-up content setting per URL (Chromium contentSettings); undefined where the browser has no such API. */
  popupSetting(url: string): Promise<'allow' | 'block' | undefined>;
  /** Firefox: the last empirical pop-up test (user-triggered), per origin. */
  popupProbe(): Promise<PopupProbe | undefined>;
  /** The last device test (camera, microphone, speakers, call), run by the user on the device test page. */
  deviceTest(): Promise<DeviceTestRecord | undefined>;
  /** The browser's default zoom factor (tabs.getZoomSettings), undefined where not readable. */
  defaultZoom(): Promise<number | undefined>;
  /** Zoom factor of every open tab of these origins (1 = 100 %). */
  appTabZoom(origins: string[]): Promise<{ tabId: number; origin: string; zoom: number }[]>;
  /** Changes a setting for the user (a Quick Fix). Throws with the browser's reason when refused. */
  applyQuickFix(action: QuickFixAction): Promise<void>;
  /** Loads a cacheable resource twice: was the second load served from the cache? */
  cacheProbe(request: HttpProbeRequest): Promise<CacheProbeResult>;
  /** The browser's proxy configuration (proxy.settings), undefined where it cannot be read. */
  proxySettings(): Promise<ProxySettings | undefined>;
  /** The browser's WebRTC codecs (RTP names), sendable and receivable, and how they were read. */
  codecs(): Promise<CodecFacts>;
  /** Starts slow set-up (Chrome's offscreen document) while the profile loads. Never throws. */
  warmUp(): void;
  httpProbe(request: HttpProbeRequest): Promise<HttpProbeResult>;
  iceProbe(request: IceProbeRequest): Promise<IceProbeResult>;
  mediaPath(request: MediaPathRequest): Promise<MediaPathResult>;
}

export interface CodecFacts {
  /** `getCapabilities` (RTCRtpSender/Receiver) where the browser has it, else the codecs of an SDP offer. */
  method: 'getCapabilities' | 'sdp-offer';
  send: string[];
  receive: string[];
}

export interface ProxySettings {
  /** direct; system (the OS settings, invisible here); fixed (servers below); pac (a script); auto (WPAD). */
  mode: 'direct' | 'system' | 'fixed' | 'pac' | 'auto';
  /** Proxy servers of the fixed mode, e.g. "http 10.0.0.1:3128". */
  servers: string[];
  /** Their host names or addresses alone ("10.0.0.1"), to recognise a request that reached one. */
  proxyHosts: string[];
  /** The bypass list, one entry per item, in the grammar of `rules`. */
  bypass: string[];
  /** Whose grammar the bypass list follows: the browser that returned these settings. */
  rules: 'chromium' | 'firefox';
  pacUrl?: string;
  levelOfControl: string;
}

/** One load of the cache probe. Headers only when the extension may read the response. */
export interface CacheLoad {
  ok: boolean;
  ms: number;
  error?: string;
  status?: number;
  /** webRequest's `fromCache`, when the browser reported the request. */
  fromCache?: boolean;
  cacheControl?: string;
  expires?: string;
  date?: string;
  age?: string;
}

export interface CacheProbeResult {
  url: string;
  first: CacheLoad;
  /** Absent when the first load failed. */
  second?: CacheLoad;
  /** Firefox's browserSettings.cacheEnabled. */
  browserCacheEnabled?: boolean;
}

export interface TlsFacts {
  /** Firefox's state: secure, weak, broken, insecure. */
  state: string;
  /** Subjects from the server's certificate to the root. */
  chain: string[];
  /** Subject of the root certificate. */
  root: string;
  /** The root is one the browser ships (a public authority), not one installed on this machine. */
  builtInRoot: boolean;
}

/** Result of the Firefox pop-up test: per app origin, what `window.open` without a gesture did. */
export interface PopupProbe {
  at: number;
  results: Record<string, string>;
}
