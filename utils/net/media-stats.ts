/**
 * The media path's pure figures: round-trip quantiles, jitter, loss and throughput from what the
 * measurement counted (utils/platform/webrtc/media-path.ts). No browser API here (unit-tested).
 */

/** To 2 decimals: the precision of the media path's milliseconds and percentages. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * The `q` quantile (0 to 1) of values sorted ascending: the value at rank ⌊q·n⌋ (the last one
 * for q = 1), NaN when there is none.
 */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Round trips in the order they were measured: median and 95th percentile (2 decimals), and how many. */
export function rttSummary(rtts: readonly number[]): { medianMs: number; p95Ms: number; samples: number } {
  const sorted = [...rtts].sort((x, y) => x - y);
  return { medianMs: round2(quantile(sorted, 0.5)), p95Ms: round2(quantile(sorted, 0.95)), samples: rtts.length };
}

/** The mean difference between consecutive round trips (in measurement order); 0 with fewer than two. */
export function jitterMs(rtts: readonly number[]): number {
  return rtts.slice(1).reduce((sum, r, i) => sum + Math.abs(r - rtts[i]!), 0) / Math.max(1, rtts.length - 1);
}

/** The share of `sent` messages that did not come back, in %. */
export function lossPercent(sent: number, received: number): number {
  return ((sent - received) / sent) * 100;
}

/** Megabits (10⁶ bits) per second for `bytes` received over `ms` (at least 1 ms), to 0.1 Mb/s. */
export function mbps(bytes: number, ms: number): number {
  const seconds = Math.max(ms, 1) / 1000;
  return Math.round(((bytes * 8) / seconds / 1e6) * 10) / 10;
}
