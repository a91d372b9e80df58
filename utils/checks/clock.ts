import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { HttpProbeResult, HttpProbes } from '../platform/types';
import { endpointProbes } from './lib/endpoint-probes';

export interface ClockReading {
  server: string;
  /** Server clock minus this clock, in seconds (positive: this clock is behind). */
  offsetSeconds: number;
  /** How far the true offset may be from that (the Date header has 1 s resolution, plus half the round trip). */
  precisionSeconds: number;
}

/**
 * The HTTP Date header is the server's time, truncated to the second, when it answered:
 * somewhere in [Date, Date + 1 s), about half a round trip before the answer arrived here.
 */
export function readClock(probe: HttpProbeResult): ClockReading | undefined {
  if (!probe.date || probe.receivedAt === undefined) return undefined;
  const server = Date.parse(probe.date);
  if (Number.isNaN(server)) return undefined;
  const localAtServer = probe.receivedAt - probe.latencyMs / 2;
  return {
    server: new URL(probe.url).host,
    offsetSeconds: (server + 500 - localAtServer) / 1000,
    precisionSeconds: (500 + probe.latencyMs / 2) / 1000,
  };
}

/** DSK-CLOCK: this clock against the app servers' clocks, within the profile's tolerance. */
export const clockCheck = defineCheck({
  id: 'clock',
  covers: ['DSK-CLOCK'],
  category: 'system',
  messages: ['pass', 'skewed', 'uncertain', 'unseen', 'fix_sync'],
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run(ctx: CheckContext<HttpProbes>) {
    const max = ctx.profile.clock.maxOffsetSeconds;
    const readings = (await endpointProbes(ctx)).map(readClock).filter((r): r is ClockReading => Boolean(r));
    const fixes = [{ key: 'fix_sync' as const }];
    if (readings.length === 0)
      return {
        status: 'manual',
        message: 'unseen',
        params: { max },
        evidence: {},
        fixes,
        manual: { unmetStatus: 'fail' },
      };
    // The most precise reading (shortest round trip) decides.
    const best = [...readings].sort((a, b) => a.precisionSeconds - b.precisionSeconds)[0]!;
    // Decide on exact values; show tenths.
    const round = (n: number) => Math.round(n * 10) / 10;
    const evidence = {
      offsetSeconds: round(best.offsetSeconds),
      precisionSeconds: round(best.precisionSeconds),
      server: best.server,
      method: 'http-date',
      // Whole milliseconds: no decimal point baked in a language (the panel labels the unit).
      readings: readings.map(
        (r) => `${r.server}: ${Math.round(r.offsetSeconds * 1000)} ms ± ${Math.round(r.precisionSeconds * 1000)} ms`,
      ),
    };
    const params = { offset: evidence.offsetSeconds, precision: evidence.precisionSeconds, max, server: best.server };
    const off = Math.abs(best.offsetSeconds);
    if (off - best.precisionSeconds > max) return { status: 'fail', message: 'skewed', params, evidence, fixes };
    if (off + best.precisionSeconds > max) return { status: 'warn', message: 'uncertain', params, evidence, fixes };
    return { status: 'pass', message: 'pass', params, evidence };
  },
});
