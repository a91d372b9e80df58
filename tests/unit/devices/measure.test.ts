import { describe, expect, it } from 'vitest';
import {
  blackPicture,
  countChangedFrames,
  fingerprint,
  framesPerSecond,
  judgeLevels,
  levelDb,
  lumaStats,
} from '../../../utils/devices/measure';

/** RGBA pixels of one colour, or with one bright pixel in a hundred. */
const pixels = (rgb: [number, number, number], n = 100, bright?: [number, number, number]) =>
  Uint8ClampedArray.from({ length: n * 4 }, (_, i) => {
    const colour = bright && Math.floor(i / 4) % 50 === 0 ? bright : rgb;
    return i % 4 === 3 ? 255 : colour[i % 4]!;
  });

describe('frame rate', () => {
  it('divides the frames presented by the time between the first and the last count', () => {
    expect(
      framesPerSecond([
        { at: 1000, frames: 10 },
        { at: 1500, frames: 25 },
        { at: 3000, frames: 70 },
      ]),
    ).toBe(30);
    expect(framesPerSecond([{ at: 0, frames: 1 }])).toBeUndefined();
    expect(
      framesPerSecond([
        { at: 5, frames: 1 },
        { at: 5, frames: 2 },
      ]),
    ).toBeUndefined();
  });

  it('counts a sampled frame only when the picture changed (canvas sampling: a lower bound)', () => {
    const samples = [1, 1, 2, 2, 3, 4, 4].map((f, i) => ({ at: i * 100, fingerprint: f }));
    expect(countChangedFrames(samples).map((c) => c.frames)).toEqual([0, 0, 1, 1, 2, 3, 3]);
    expect(framesPerSecond(countChangedFrames(samples))).toBe(5);
    expect(fingerprint(pixels([10, 20, 30]))).not.toBe(fingerprint(pixels([10, 20, 31])));
  });
});

describe('black picture', () => {
  it('measures luma: mean and 99th percentile', () => {
    expect(lumaStats(pixels([0, 0, 0]))).toEqual({ mean: 0, bright: 0 });
    expect(lumaStats(pixels([255, 255, 255]))).toEqual({ mean: 255, bright: 255 });
    // Two bright pixels in a hundred lift the 99th percentile, not the mean much.
    const dark = lumaStats(pixels([5, 5, 5], 100, [250, 250, 250]));
    expect(dark.bright).toBe(250);
    expect(dark.mean).toBeCloseTo(9.9, 1);
  });

  it('is black only when every sample is dark everywhere; a dark room with a lit spot is not', () => {
    expect(blackPicture([lumaStats(pixels([0, 0, 0])), lumaStats(pixels([16, 16, 16]))])).toBe(true);
    expect(blackPicture([lumaStats(pixels([0, 0, 0])), lumaStats(pixels([5, 5, 5], 100, [200, 180, 160]))])).toBe(
      false,
    );
    expect(blackPicture([lumaStats(pixels([40, 40, 40]))])).toBe(false);
    expect(blackPicture([])).toBeUndefined();
  });
});

describe('microphone level', () => {
  it('reads RMS in dBFS: a full-scale square is 0, silence −Infinity', () => {
    expect(levelDb(Float32Array.from({ length: 64 }, (_, i) => (i % 2 ? 1 : -1)))).toBeCloseTo(0, 5);
    expect(levelDb(new Float32Array(64))).toBe(-Infinity);
    expect(levelDb(Float32Array.from({ length: 64 }, (_, i) => (i % 2 ? 0.01 : -0.01)))).toBeCloseTo(-40, 5);
  });

  it('judges silence vs signal by the loudest level heard', () => {
    expect(judgeLevels([-Infinity, -Infinity])).toEqual({ peakDb: -120, signal: false });
    expect(judgeLevels([-80, -72.34, -90])).toEqual({ peakDb: -72.3, signal: false });
    expect(judgeLevels([-80, -21.06, -60])).toEqual({ peakDb: -21.1, signal: true });
  });
});
