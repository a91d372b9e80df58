import {
  blackPicture,
  countChangedFrames,
  fingerprint,
  framesPerSecond,
  judgeLevels,
  levelDb,
  lumaStats,
  type FrameCount,
} from '../devices/measure';
import type { Access, CameraResult, FrameRateMethod, SizeTrial } from '../devices/types';

/**
 * Camera, microphone and speakers for the device test page (entrypoints/devices). Only that
 * page calls these, after the user opened it: nothing here runs during a readiness run.
 */

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  outputs: MediaDeviceInfo[];
}

export async function listDevices(): Promise<DeviceLists> {
  const all = (await navigator.mediaDevices?.enumerateDevices()) ?? [];
  return {
    cameras: all.filter((d) => d.kind === 'videoinput'),
    microphones: all.filter((d) => d.kind === 'audioinput'),
    outputs: all.filter((d) => d.kind === 'audiooutput'),
  };
}

const describeError = (error: unknown) =>
  error instanceof Error || error instanceof DOMException ? `${error.name}: ${error.message}` : String(error);

/** NotAllowedError / SecurityError: refused (the user, a site setting or a policy); NotFoundError: no device. */
function accessOf(error: unknown): Access {
  const name = (error as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') return 'none';
  return 'error';
}

export interface Access2 {
  stream: MediaStream;
  video: { access: Access; error?: string };
  audio: { access: Access; error?: string };
}

/**
 * One permission request for camera and microphone together (one prompt). When it is
 * refused or a kind is missing, each kind is asked alone to tell which one: a browser that
 * remembers a refusal (or a policy) answers at once without asking again.
 */
export async function requestAccess(camera?: string, microphone?: string): Promise<Access2> {
  const video: MediaTrackConstraints | boolean = camera ? { deviceId: { exact: camera } } : true;
  const audio: MediaTrackConstraints | boolean = microphone ? { deviceId: { exact: microphone } } : true;
  const media = navigator.mediaDevices;
  if (!media) {
    const none = { access: 'error' as const, error: 'navigator.mediaDevices: undefined' };
    return { stream: new MediaStream(), video: none, audio: none };
  }
  try {
    const stream = await media.getUserMedia({ video, audio });
    return { stream, video: { access: 'ok' }, audio: { access: 'ok' } };
  } catch {
    const stream = new MediaStream();
    const one = async (constraints: MediaStreamConstraints) => {
      try {
        const got = await media.getUserMedia(constraints);
        got.getTracks().forEach((track) => stream.addTrack(track));
        return { access: 'ok' as const };
      } catch (error) {
        return { access: accessOf(error), error: describeError(error) };
      }
    };
    const videoAccess = await one({ video });
    const audioAccess = await one({ audio });
    return { stream, video: videoAccess, audio: audioAccess };
  }
}

const sizeOf = (settings: MediaTrackSettings) =>
  settings.width && settings.height ? { width: settings.width, height: settings.height } : undefined;

/**
 * Each size asked of the camera as exact constraints, one stream at a time. Where the browser
 * has `resizeMode`, `'none'` asks for the camera's own mode only: the size is native when the
 * track delivers exactly it (Firefox may hand another native mode instead of refusing: that
 * is "not native" too). Elsewhere an exact size may be scaled by the browser: native only when
 * the track's capabilities show it never scales, else unknown.
 */
export async function trySizes(deviceId: string | undefined, sizes: [number, number][]): Promise<SizeTrial[]> {
  const supported = navigator.mediaDevices.getSupportedConstraints() as MediaTrackSupportedConstraints & {
    resizeMode?: boolean;
  };
  const resizeNone = supported.resizeMode === true;
  const trials: SizeTrial[] = [];
  for (const [width, height] of sizes) {
    const constraints: MediaTrackConstraints & { resizeMode?: ConstrainDOMString } = {
      ...(deviceId && { deviceId: { exact: deviceId } }),
      width: { exact: width },
      height: { exact: height },
      ...(resizeNone && { resizeMode: { exact: 'none' } }),
    };
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: constraints });
      const track = stream.getVideoTracks()[0]!;
      const settings = track.getSettings();
      const caps = track.getCapabilities?.() as (MediaTrackCapabilities & { resizeMode?: string[] }) | undefined;
      stream.getTracks().forEach((t) => t.stop());
      const delivered = { ...sizeOf(settings)!, ...(settings.frameRate && { frameRate: settings.frameRate }) };
      const exact = settings.width === width && settings.height === height;
      if (resizeNone) trials.push({ width, height, native: exact, method: 'resize-none', delivered });
      else if (caps?.resizeMode && !caps.resizeMode.includes('crop-and-scale'))
        trials.push({ width, height, native: exact, method: 'capabilities', delivered });
      else trials.push({ width, height, ...(!exact && { native: false }), method: 'constraints', delivered });
    } catch (error) {
      trials.push({
        width,
        height,
        native: false,
        method: resizeNone ? 'resize-none' : 'constraints',
        error: describeError(error),
      });
    }
  }
  return trials;
}

/**
 * The preview, opened at the first size the camera delivers natively (else the first it
 * delivered at all, else its own default), so the frame rate is measured there.
 */
export async function nativeConstraints(deviceId: string | undefined, trials: SizeTrial[]): Promise<MediaStream> {
  const device = deviceId ? { deviceId: { exact: deviceId } } : {};
  const shown = trials.find((trial) => trial.native === true) ?? trials.find((trial) => trial.native === undefined);
  if (shown)
    try {
      const size = { width: { exact: shown.width }, height: { exact: shown.height } };
      const own = shown.method === 'resize-none' ? { resizeMode: { exact: 'none' } } : {};
      return await navigator.mediaDevices.getUserMedia({ video: { ...device, ...size, ...own } });
    } catch {
      // Asked once already: fall back to the camera's own choice.
    }
  return navigator.mediaDevices.getUserMedia({ video: deviceId ? device : true });
}

/** The camera's size when nothing is asked of it. */
export const defaultSize = (stream: MediaStream) => {
  const track = stream.getVideoTracks()[0];
  return track && sizeOf(track.getSettings());
};

const hasFrameCallback = () => 'requestVideoFrameCallback' in HTMLVideoElement.prototype;

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback(cb: (now: number, meta: { presentedFrames: number }) => void): number;
};

/**
 * Watches the playing preview for `ms`: frames actually rendered (requestVideoFrameCallback's
 * presentedFrames where the browser has it, else frames seen changing on a canvas sampled
 * every animation frame) and pixel samples of the picture (a 64×48 canvas, every 250 ms).
 */
export async function watchVideo(
  video: HTMLVideoElement,
  ms: number,
): Promise<Pick<CameraResult, 'frameRate' | 'picture'>> {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 48;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const pixels = () => {
    context!.drawImage(video, 0, 0, canvas.width, canvas.height);
    return context!.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const counts: FrameCount[] = [];
  const changes: { at: number; fingerprint: number }[] = [];
  const luma: { mean: number; bright: number }[] = [];
  const method: FrameRateMethod = hasFrameCallback() ? 'video-frame-callback' : 'canvas-sampling';
  let running = true;
  if (method === 'video-frame-callback') {
    const frameVideo = video as FrameCallbackVideo;
    const onFrame = (now: number, meta: { presentedFrames: number }) => {
      counts.push({ at: now, frames: meta.presentedFrames });
      if (running) frameVideo.requestVideoFrameCallback(onFrame);
    };
    frameVideo.requestVideoFrameCallback(onFrame);
  } else {
    const sample = () => {
      if (!running) return;
      if (video.readyState >= 2) changes.push({ at: performance.now(), fingerprint: fingerprint(pixels()) });
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  }
  const sampler = setInterval(() => {
    if (video.readyState >= 2 && context) luma.push(lumaStats(pixels()));
  }, 250);
  await new Promise((resolve) => setTimeout(resolve, ms));
  running = false;
  clearInterval(sampler);
  const fps = framesPerSecond(method === 'video-frame-callback' ? counts : countChangedFrames(changes));
  const black = blackPicture(luma);
  const result: Pick<CameraResult, 'frameRate' | 'picture'> = {};
  if (fps !== undefined) result.frameRate = { fps, method, width: video.videoWidth, height: video.videoHeight };
  if (black !== undefined) {
    const mean = luma.reduce((sum, s) => sum + s.mean, 0) / luma.length;
    const bright = Math.max(...luma.map((s) => s.bright));
    result.picture = { meanLuma: Math.round(mean * 10) / 10, brightLuma: bright, black, samples: luma.length };
  }
  return result;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts an audio context. A browser that holds it until a user gesture (Firefox's autoplay
 * rules) leaves `resume()` pending: never waited for longer than half a second.
 */
const resumed = (context: AudioContext) => Promise.race([context.resume().catch(() => undefined), sleep(500)]);

/** Closing an audio context is never waited for: the page goes on whatever the browser does with it. */
const release = (context: AudioContext) => void context.close().catch(() => undefined);

/** Levels of 2048-sample windows (what the analyser reads on each tick) across recorded sound. */
function windowLevels(samples: Float32Array): number[] {
  const levels: number[] = [];
  for (let i = 0; i + 2048 <= samples.length; i += 2048) levels.push(levelDb(samples.subarray(i, i + 2048)));
  return levels;
}

/**
 * Records the microphone for `ms` and reads the levels from the decoded recording. For a
 * browser whose audio context never starts: Firefox leaves `resume()` pending for ever when
 * it cannot open an audio output (no sound card, no sound server), even after a click, and
 * then hears nothing live. Decoding needs no running context.
 */
async function recordedLevels(stream: MediaStream, ms: number): Promise<number[]> {
  const recorder = new MediaRecorder(new MediaStream(stream.getAudioTracks()));
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.start();
  await sleep(ms);
  recorder.stop();
  await Promise.race([stopped, sleep(2000)]);
  const decoder = new OfflineAudioContext(1, 1, 48000);
  const audio = await decoder.decodeAudioData(await new Blob(chunks).arrayBuffer());
  return windowLevels(audio.getChannelData(0));
}

/**
 * Reads the analyser about 20 times a second for `ms`. Ends by its deadline whatever a tick
 * does: a tick that throws ends the listening with that error (the row says what broke).
 */
function analyserLevels(analyser: AnalyserNode, ms: number, onLevel: (db: number) => void): Promise<number[]> {
  const buffer = new Float32Array(analyser.fftSize);
  const levels: number[] = [];
  const started = performance.now();
  return new Promise<number[]>((resolve, reject) => {
    const end = (error?: unknown) => {
      clearInterval(timer);
      clearTimeout(deadline);
      if (error === undefined) resolve(levels);
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const timer = setInterval(() => {
      if (performance.now() - started >= ms) return end();
      try {
        analyser.getFloatTimeDomainData(buffer);
        const level = levelDb(buffer);
        levels.push(level);
        onLevel(level);
      } catch (error) {
        end(error);
      }
    }, 50);
    // Timers are throttled in a background tab: the deadline holds even then.
    const deadline = setTimeout(() => end(), ms + 200);
  });
}

/**
 * Listens to the microphone for `ms` through a Web Audio analyser: `onLevel` receives the
 * level (dBFS) about 20 times a second for the meter; resolves with the loudest one. Where
 * the audio context does not start, the microphone is recorded and the recording measured.
 */
export async function listen(
  stream: MediaStream,
  ms: number,
  onLevel: (db: number) => void,
  onBlocked: () => Promise<void>,
): Promise<{ peakDb: number; signal: boolean; listenedMs: number; heardBy: 'analyser' | 'recording' }> {
  const context = new AudioContext();
  try {
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    await resumed(context);
    // A suspended context hears nothing: silence it did not hear must not be judged. The page
    // asks for a click (a user gesture lets the browser start it), then listens.
    if (context.state !== 'running') {
      await onBlocked();
      await Promise.race([context.resume().catch(() => undefined), sleep(1000)]);
    }
    const started = performance.now();
    const running = context.state === 'running';
    const levels = running ? await analyserLevels(analyser, ms, onLevel) : await recordedLevels(stream, ms);
    const judged = judgeLevels(levels);
    if (!running) onLevel(judged.peakDb);
    const heardBy = running ? ('analyser' as const) : ('recording' as const);
    return { ...judged, listenedMs: Math.round(performance.now() - started), heardBy };
  } finally {
    release(context);
  }
}

/** What echo cancellation, noise suppression and auto gain the microphone track has on. */
export function processing(stream: MediaStream) {
  const settings = stream.getAudioTracks()[0]?.getSettings();
  if (!settings) return undefined;
  const out: { echoCancellation?: boolean; noiseSuppression?: boolean; autoGainControl?: boolean } = {};
  for (const key of ['echoCancellation', 'noiseSuppression', 'autoGainControl'] as const)
    if (typeof settings[key] === 'boolean') out[key] = settings[key] as boolean;
  return out;
}

const canChooseOutput = () => 'setSinkId' in HTMLMediaElement.prototype;

/**
 * A short test sound (a 440 Hz then 660 Hz tone, 1.2 s) on the chosen output where the browser
 * can choose one (`setSinkId`), else on the default output. Returns how it was routed.
 */
export async function playTone(sinkId: string | undefined): Promise<'setSinkId' | 'default'> {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  const gain = context.createGain();
  gain.gain.value = 0.2;
  gain.connect(destination);
  const audio = new Audio();
  audio.srcObject = destination.stream;
  let selection: 'setSinkId' | 'default' = 'default';
  if (sinkId && canChooseOutput()) {
    await (audio as HTMLAudioElement & { setSinkId?(id: string): Promise<void> }).setSinkId?.(sinkId);
    selection = 'setSinkId';
  }
  await Promise.race([audio.play(), sleep(500)]);
  await resumed(context);
  const start = context.currentTime;
  [440, 660].forEach((frequency, i) => {
    const tone = context.createOscillator();
    tone.frequency.value = frequency;
    tone.connect(gain);
    tone.start(start + i * 0.6);
    tone.stop(start + i * 0.6 + 0.5);
  });
  await sleep(1300);
  audio.pause();
  release(context);
  return selection;
}

/** The browser, for the texts of a refused access (which setting, which policy). */
export const browserFamily = (): 'firefox' | 'chromium' =>
  navigator.userAgent.includes('Firefox/') ? 'firefox' : 'chromium';
