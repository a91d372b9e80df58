/**
 * What the device test page (entrypoints/devices) saw, stored in storage.local under
 * DEVICE_TEST_KEY. The camera, audio and call checks of every run read it while it is recent
 * (DEVICE_TEST_VALID_MS): the test needs the user, so a run never starts it itself.
 */
export const DEVICE_TEST_KEY = 'deviceTest';

/** A device test older than this no longer says anything about today's devices (as the Firefox pop-up test). */
export const DEVICE_TEST_VALID_MS = 24 * 3600_000;

/** The checks that read the device test: run again on the last run when the page saves new results. */
export const DEVICE_CHECK_IDS = ['camera', 'audio', 'call'] as const;

/**
 * How the page got (or failed to get) a device: `denied` the browser or a policy refused,
 * `none` no such device, `error` anything else (e.g. the device is busy in another program).
 */
export type Access = 'ok' | 'denied' | 'none' | 'error';

/**
 * How a size was established: `resize-none` the browser was asked for the camera's own mode
 * only (`resizeMode: 'none'`) and said what it delivered; `capabilities` the browser cannot be
 * asked so, and the camera's capabilities say it never scales; `constraints` only the exact
 * size was asked, so the browser may have scaled another mode.
 */
export type SizeMethod = 'resize-none' | 'capabilities' | 'constraints';

/** One size of the profile tried on the camera. `native` undefined: the browser cannot tell. */
export interface SizeTrial {
  width: number;
  height: number;
  native?: boolean;
  method: SizeMethod;
  /** What the track delivered (getSettings), when the browser gave a track. */
  delivered?: { width: number; height: number; frameRate?: number };
  /** The browser's refusal (OverconstrainedError…). */
  error?: string;
}

export type FrameRateMethod = 'video-frame-callback' | 'canvas-sampling';

export interface CameraResult {
  access: Access;
  /** The browser's error (name: message) when access is not ok. */
  error?: string;
  /** Labels of every camera, the tested one first. */
  cameras: string[];
  label?: string;
  /** The camera's own size when nothing is asked of it (getSettings of a plain request). */
  defaultSize?: { width: number; height: number };
  sizes: SizeTrial[];
  /** Frames per second actually rendered at the previewed size, and how they were counted. */
  frameRate?: { fps: number; method: FrameRateMethod; width: number; height: number };
  /** Pixel samples of the picture: mean and 99th-percentile luma (0–255), and the verdict. */
  picture?: { meanLuma: number; brightLuma: number; black: boolean; samples: number };
}

export interface MicrophoneResult {
  access: Access;
  error?: string;
  microphones: string[];
  label?: string;
  /** Loudest level heard while the user was asked to speak (dBFS), over `listenedMs`. */
  peakDb?: number;
  listenedMs?: number;
  signal?: boolean;
  /** Live through an analyser, or from a recording where the browser's audio context never started. */
  heardBy?: 'analyser' | 'recording';
  /** Processing in effect on the track (getSettings); absent where the browser does not say. */
  processing?: { echoCancellation?: boolean; noiseSuppression?: boolean; autoGainControl?: boolean };
}

export interface SpeakerResult {
  outputs: string[];
  /** `setSinkId`: played on the output chosen; `default`: the browser cannot choose, the default output. */
  selection: 'setSinkId' | 'default';
  label?: string;
  /** The user's answer to "did you hear it"; absent until answered. */
  heard?: boolean;
}

/** What the call section (the self-call through the relay) reported, stored as it came. */
export interface StoredCallOutcome {
  status: 'pass' | 'warn' | 'fail' | 'manual';
  message: string;
  params?: Record<string, string | number>;
  evidence: Record<string, string | number | boolean | null | string[] | number[]>;
  fixes?: { key: string; params?: Record<string, string | number>; url?: string }[];
}

export interface DeviceTestRecord {
  at: number;
  /** Which browser's settings and policies a refused access names. */
  browser: 'chromium' | 'firefox';
  camera: CameraResult;
  microphone: MicrophoneResult;
  speakers: SpeakerResult;
  call?: StoredCallOutcome;
}
