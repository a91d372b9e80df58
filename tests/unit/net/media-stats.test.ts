import { describe, expect, it } from 'vitest';
import { jitterMs, lossPercent, mbps, quantile, round2, rttSummary } from '../../../utils/net/media-stats';

describe('round2', () => {
  it('rounds to 2 decimals, halves up', () => {
    expect(round2(1.234)).toBe(1.23);
    expect(round2(1.235001)).toBe(1.24);
    expect(round2(0)).toBe(0);
  });
});

describe('quantile', () => {
  it('is NaN with no value', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('is the only value for any q', () => {
    for (const q of [0, 0.5, 0.95, 1]) expect(quantile([7], q)).toBe(7);
  });

  it('takes the value at rank ⌊q·n⌋: the upper middle of an even count, the last for q = 1', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(
      quantile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(20);
  });

  it('returns the tied value when ties straddle the rank', () => {
    expect(quantile([1, 5, 5, 5, 9], 0.5)).toBe(5);
    expect(quantile([2, 2], 0.95)).toBe(2);
  });
});

describe('rttSummary', () => {
  it('has NaN figures and no sample when nothing came back', () => {
    expect(rttSummary([])).toEqual({ medianMs: NaN, p95Ms: NaN, samples: 0 });
  });

  it('gives one sample as both median and p95', () => {
    expect(rttSummary([1.234])).toEqual({ medianMs: 1.23, p95Ms: 1.23, samples: 1 });
  });

  it('sorts a copy (not the measurement order it is given) and rounds', () => {
    const rtts = [3.333, 1.111, 2.222, 2.222];
    expect(rttSummary(rtts)).toEqual({ medianMs: 2.22, p95Ms: 3.33, samples: 4 });
    expect(rtts).toEqual([3.333, 1.111, 2.222, 2.222]);
  });
});

describe('jitterMs', () => {
  it('is 0 with no round trip or only one', () => {
    expect(jitterMs([])).toBe(0);
    expect(jitterMs([5])).toBe(0);
  });

  it('is 0 when every round trip ties', () => {
    expect(jitterMs([2, 2, 2])).toBe(0);
  });

  it('is the mean absolute difference between consecutive round trips, in measurement order', () => {
    expect(jitterMs([1, 3, 2])).toBe(1.5);
    // The same values sorted would give 1: the order they were measured in matters.
    expect(jitterMs([1, 2, 3])).toBe(1);
  });
});

describe('lossPercent', () => {
  it('is 0 when every message came back, 100 when none did', () => {
    expect(lossPercent(40, 40)).toBe(0);
    expect(lossPercent(40, 0)).toBe(100);
  });

  it('is the share that did not come back', () => {
    expect(lossPercent(40, 39)).toBe(2.5);
    expect(lossPercent(1, 0)).toBe(100);
  });
});

describe('mbps', () => {
  it('is 0 for no byte', () => {
    expect(mbps(0, 1000)).toBe(0);
  });

  it('counts 10⁶ bits per second, to 0.1', () => {
    expect(mbps(125_000, 1000)).toBe(1);
    expect(mbps(12_500_000, 1000)).toBe(100);
    expect(mbps(1_000_000, 333)).toBe(24);
  });

  it('counts a window shorter than 1 ms (one message, first byte = last byte) as 1 ms', () => {
    expect(mbps(16_384, 0)).toBe(131.1);
    expect(mbps(16_384, 0.2)).toBe(mbps(16_384, 1));
  });
});
