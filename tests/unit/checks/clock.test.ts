import { describe, expect, it } from 'vitest';
import { clockCheck, readClock } from '../../../utils/checks/clock';
import type { HttpProbeResult } from '../../../utils/platform/types';
import { fakePlatform, runCheck } from '../fakes';

const LOCAL = Date.UTC(2026, 10, 28, 12, 0, 0);
/** A probe answered after `latency` ms by a server whose clock reads `skewSeconds` ahead of ours. */
const answered = (url: string, skewSeconds: number, latency = 40): HttpProbeResult => ({
  url,
  ok: true,
  status: 200,
  latencyMs: latency,
  receivedAt: LOCAL,
  date: new Date(Math.floor((LOCAL - latency / 2 + skewSeconds * 1000) / 1000) * 1000).toUTCString(),
});
const serverClock = (skew: number, latency?: number) =>
  fakePlatform({ httpProbe: async ({ url }) => answered(url, skew, latency) });

describe('clock check', () => {
  it('reads the offset from the Date header with its precision (1 s resolution + half the round trip)', () => {
    const reading = readClock(answered('https://www.norm-uni.fr/', 0, 200))!;
    expect(Math.abs(reading.offsetSeconds)).toBeLessThanOrEqual(reading.precisionSeconds);
    expect(reading.precisionSeconds).toBe(0.6);
    expect(readClock({ url: 'https://x/', ok: true, latencyMs: 1 })).toBeUndefined();
  });

  it('passes a synchronised clock', async () => {
    expect(await runCheck(clockCheck, serverClock(0))).toMatchObject({
      status: 'pass',
      evidence: { server: 'www.norm-uni.fr' },
    });
  });

  it('fails a clock 2 minutes off, naming the offset', async () => {
    const outcome = await runCheck(clockCheck, serverClock(-120));
    expect(outcome).toMatchObject({ status: 'fail', message: 'skewed', params: { max: 30 } });
    expect(Math.abs(Number(outcome.evidence.offsetSeconds) + 120)).toBeLessThanOrEqual(
      Number(outcome.evidence.precisionSeconds),
    );
    expect(outcome.fixes?.[0]?.key).toBe('fix_sync');
  });

  it('warns when the offset is too close to the tolerance to tell (30.3 s ± 0.5 s against 30 s)', async () => {
    expect((await runCheck(clockCheck, serverClock(30.3))).status).toBe('warn');
    expect((await runCheck(clockCheck, serverClock(29))).status).toBe('pass');
    expect((await runCheck(clockCheck, serverClock(31.5))).status).toBe('fail');
  });

  it('is manual when no Date header can be read (no response, or no host permission)', async () => {
    const outcome = await runCheck(
      clockCheck,
      fakePlatform({ httpProbe: async ({ url }) => ({ url, ok: false, latencyMs: 4000, failure: 'timeout' }) }),
    );
    expect(outcome).toMatchObject({ status: 'manual', message: 'unseen', manual: { unmetStatus: 'fail' } });
  });
});
