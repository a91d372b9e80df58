import type { Attestation } from './managed';
/**
 * A profile is data: what an application needs from a workstation. Checks read thresholds,
 * endpoints and links from here; none of them lives in check code.
 */
export type BrowserBrand = 'chrome' | 'edge' | 'firefox';

export interface BrowserRequirement {
  brand: BrowserBrand;
  /** Lowest major version the app supports. */
  minVersion: number;
  /** Major versions the publisher qualified (shown in messages). */
  qualifiedVersions: number[];
  /** Firefox only: the Extended Support Release channel is the qualified one. */
  esr?: boolean;
  downloadUrl: string;
}

export interface Size {
  width: number;
  height: number;
}

export interface HttpsEndpoint {
  /** Requirement ID this endpoint belongs to, e.g. NET-PORTAL. */
  requirement: string;
  url: string;
  /** Addresses the publisher documents for this host (used to spot a proxy or a wrong DNS). */
  expectedIps?: string[];
  environment?: string;
}

export interface TcpEndpoint {
  requirement: string;
  host: string;
  port: number;
  expectedIps?: string[];
  /** The flow is not HTTP(S): protocol inspection on it adds latency. */
  notHttps?: boolean;
}

export type MediaTransport = 'stun-udp' | 'turn-udp' | 'turn-tcp' | 'turns-tcp';

export interface MediaServer {
  host: string;
  port: number;
  transports: MediaTransport[];
}

export interface MediaEnvironment {
  id: string;
  name: string;
  servers: MediaServer[];
}

/** What the device test page asks of the webcam, and of the call through the relay. */
export interface DeviceRequirements {
  /** Sizes [width, height] the camera must deliver natively; any one is enough (§2.1.3). */
  resolutions: [number, number][];
  /** Lowest frame rate the camera must deliver at a required size, measured from rendered frames. */
  minFps: number;
  call: CallSettings;
}

/** The call through the relay (the self-call): how long it carries media and what it must receive. */
export interface CallSettings {
  durationMs: number;
  minWidth: number;
  minHeight: number;
  minFps: number;
  /** Highest packet loss accepted, in percent of packets sent. */
  maxLossPct: number;
}

export interface TurnCredentials {
  username: string;
  credential: string;
}

export interface Profile {
  /** Format version of the profile document itself. */
  schemaVersion: 1;
  id: string;
  name: string;
  /** Version of the publisher's prerequisites document. */
  version: string;
  /** Where the requirements come from (document title, date). */
  sourceDocument: string;
  app: {
    /** Origins of the web application (pop-ups, passwords, proxy, cache, clock). */
    origins: string[];
    /** A static app resource the server lets browsers cache (the cache check loads it twice). */
    cacheProbeUrl?: string;
  };
  browsers: BrowserRequirement[];
  os: {
    /** Windows 10 feature updates the publisher validated, e.g. "1809", "20H2". */
    windows10Validated: string[];
    /** The desktop app also supports Windows 11. */
    desktopWindows11: boolean;
    desktopMacOs: string[];
  };
  hardware: {
    web: { minCpuGHz: number; minRamGiB: number; minFreeDiskGiB: number };
    desktop: { minCpuGHz: number; recommendedRamGiB: number; minFreeDiskGiB: number };
    /**
     * Share of the RAM threshold accepted as meeting it: the OS reports a little less than
     * the installed RAM (firmware and integrated graphics reserve some; 6 GB installed
     * typically shows 5.7–5.9 GiB). Stated in the memory check's evidence.
     */
    ramTolerance: number;
  };
  display: {
    minimum: Size;
    recommended: Size;
    scalePercent: number;
  };
  network: {
    https: HttpsEndpoint[];
    tcp: TcpEndpoint[];
    media: {
      environments: MediaEnvironment[];
      portRange: { min: number; max: number };
      credentials?: TurnCredentials;
      /** WebRTC codecs the app uses, as RTP names ("H264", "VP8", "opus", "PCMU"…); each must be sendable and receivable. */
      codecs: string[];
    };
  };
  /**
   * Throughput thresholds; `measureMs`: how long each direction of the media-path test sends;
   * `pings`: how many round trips it times through the relay.
   */
  bandwidth: { liveMbps: number; asyncMbps: number; measureMs: number; pings: number };
  clock: { maxOffsetSeconds: number };
  /**
   * checkMs: one ordinary check; probeMs: one network probe (HTTP request, ICE gathering);
   * networkSuiteMs: the bound of every network check, media path included;
   * popupTestMaxAgeHours: how long Firefox's pop-up test (user-started) still decides.
   */
  timeouts: { checkMs: number; probeMs: number; networkSuiteMs: number; popupTestMaxAgeHours: number };
  /** How much history to keep: runs beyond either limit are deleted, oldest first. */
  history: { maxRuns: number; maxAgeDays: number };
  /**
   * The device test page (camera, microphone, speakers, call through the relay). Absent from
   * profiles written before it: the built-in values apply (schema ADDED_FIELDS).
   */
  devices: DeviceRequirements;
  support: { name: string; email: string };
  links: {
    flowTest: string;
    videoTests: string[];
    adobeReader: string;
    vlcMac?: string;
  };
  software: { adobeReaderMin: string; javaMin: string; directXMin: number };
  mobile: { iosMin: string; androidMin: string };
  /**
   * Who answers each manual item, by check id (`manual-java`: `it`), overriding the built-in
   * audience (utils/checks/manual.ts). Optional: profiles written before it stay valid.
   */
  manualAudience?: Record<string, 'user' | 'it'>;
}

/** Where the active profile came from, highest priority first. */
export type ProfileSource = 'managed' | 'imported' | 'builtin';

/** One thing wrong in a profile document: the field and what was expected there. */
export interface ProfileProblem {
  source: Exclude<ProfileSource, 'builtin'>;
  /** Dotted path of the field, e.g. "display.minimum.width"; "" for the whole document. */
  path: string;
  /** i18n key (schema_*) and its parameters. */
  key: string;
  params?: Record<string, string | number>;
  /** A warning leaves the profile usable (an unknown field); anything else rejects the source. */
  severity?: 'warning';
}

export interface ResolvedProfile {
  profile: Profile;
  source: ProfileSource;
  /** Problems of the sources that were skipped, so the user sees why, and warnings of the one used. */
  problems: ProfileProblem[];
  /** Managed `allowUserProfiles` (true unless the organisation locked imports). */
  userProfilesAllowed: boolean;
  /** Managed `labels`: where this workstation is, for the report header. */
  labels?: Record<string, string>;
  /** Managed `attestations`: IT's answers to manual items, applied to every run (never carried). */
  attestations?: Record<string, Attestation>;
}
