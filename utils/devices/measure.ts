/**
 * Pure measurements of the device test: frame rate from frames counted, black picture from
 * pixel samples, sound level from audio samples. The page (utils/platform/media.ts) collects
 * the samples; these functions judge them and are unit-tested.
 */

/** A count of frames at a time (ms): `requestVideoFrameCallback`'s presentedFrames, or frames seen changing. */
export interface FrameCount {
  at: number;
  frames: number;
}

/**
 * Frames per second between the first and the last count. Undefined with fewer than two
 * counts or no time between them; rounded to 0.1.
 */
export function framesPerSecond(counts: FrameCount[]): number | undefined {
  if (counts.length < 2) return undefined;
  const first = counts[0]!;
  const last = counts[counts.length - 1]!;
  const seconds = (last.at - first.at) / 1000;
  if (seconds <= 0) return undefined;
  return Math.round(((last.frames - first.frames) / seconds) * 10) / 10;
}

/**
 * Frames counted by sampling a canvas (browsers without requestVideoFrameCallback): each
 * sample's fingerprint; a new frame is one whose fingerprint differs from the previous one.
 * A still picture counts no frame, so this is a lower bound of the delivered rate.
 */
export function countChangedFrames(samples: { at: number; fingerprint: number }[]): FrameCount[] {
  let frames = 0;
  return samples.map((sample, i) => {
    if (i > 0 && sample.fingerprint !== samples[i - 1]!.fingerprint) frames++;
    return { at: sample.at, frames };
  });
}

/** A cheap fingerprint of RGBA pixels (FNV-1a over every 4th byte of colour). */
export function fingerprint(rgba: ArrayLike<number>): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < rgba.length; i += 4) {
    hash ^= rgba[i]! + (rgba[i + 1]! << 8) + (rgba[i + 2]! << 16);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Luma (Rec. 601, 0–255) of RGBA pixels: the mean and the 99th percentile (the picture's bright parts). */
export function lumaStats(rgba: ArrayLike<number>): { mean: number; bright: number } {
  const histogram = new Array<number>(256).fill(0);
  let sum = 0;
  const pixels = Math.floor(rgba.length / 4);
  for (let i = 0; i < pixels * 4; i += 4) {
    const luma = Math.round(0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!);
    histogram[luma]!++;
    sum += luma;
  }
  if (pixels === 0) return { mean: 0, bright: 0 };
  let seen = 0;
  let bright = 0;
  for (; bright < 255; bright++) {
    seen += histogram[bright]!;
    if (seen >= pixels * 0.99) break;
  }
  return { mean: Math.round((sum / pixels) * 10) / 10, bright };
}

/**
 * Below this luma at the 99th percentile in every sample, the picture is black: a covered lens
 * or a privacy shutter. A dark room still has bright spots (a window, a screen, a face lit by
 * the monitor) well above it; video black is 16 at most once converted.
 */
export const BLACK_LUMA = 24;

/** The picture is black when every sample is; no sample proves nothing (undefined). */
export function blackPicture(samples: { mean: number; bright: number }[]): boolean | undefined {
  if (samples.length === 0) return undefined;
  return samples.every((s) => s.bright < BLACK_LUMA);
}

/** Root-mean-square level of audio samples (−1…1) in dBFS; −Infinity for digital silence. */
export function levelDb(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  const rms = samples.length ? Math.sqrt(sum / samples.length) : 0;
  return rms > 0 ? 20 * Math.log10(rms) : -Infinity;
}

/**
 * A microphone is heard when its loudest moment reaches this level. A muted or disconnected
 * input reads digital silence or a noise floor far below (−70 dBFS and less); speech near a
 * headset reads −30 to −10 dBFS, a quiet room −60 to −50.
 */
export const SIGNAL_DB = -45;

/** The loudest level heard (dBFS, rounded to 0.1; −Infinity as −120) and whether it is a signal. */
export function judgeLevels(levels: number[]): { peakDb: number; signal: boolean } {
  const peak = levels.reduce((max, level) => Math.max(max, level), -Infinity);
  const peakDb = Number.isFinite(peak) ? Math.round(peak * 10) / 10 : -120;
  return { peakDb, signal: peakDb >= SIGNAL_DB };
}
