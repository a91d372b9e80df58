import { describe, expect, it } from 'vitest';
import { memoryCheck } from '../../../utils/checks/memory';
import { fakeSystem, profileWith, runCheck } from '../fakes';

const GIB = 1024 ** 3;
const withRam = (bytes: number) => fakeSystem({ memoryCapacity: async () => bytes });

describe('memory check', () => {
  it('passes 8 GB as reported by Windows (7.8 GiB)', async () => {
    expect(await runCheck(memoryCheck, withRam(7.8 * GIB))).toMatchObject({
      status: 'pass',
      evidence: { capacityGiB: 7.8, source: 'system.memory' },
    });
  });

  it('passes a 6 GB machine that reports 5.7 GiB (firmware reserve), within the stated tolerance', async () => {
    expect((await runCheck(memoryCheck, withRam(5.7 * GIB))).status).toBe('pass');
  });

  it('fails 4 GB', async () => {
    const outcome = await runCheck(memoryCheck, withRam(3.9 * GIB));
    expect(outcome).toMatchObject({ status: 'fail', message: 'below_minimum', params: { min: 6, seen: 3.9 } });
  });

  it('fails just below the tolerance edge (5.6 GiB)', async () => {
    expect((await runCheck(memoryCheck, withRam(5.6 * GIB))).status).toBe('fail');
  });

  it('is manual on Firefox (no system.memory), keeping deviceMemory as a hint only', async () => {
    const outcome = await runCheck(memoryCheck, fakeSystem({ page: () => ({ deviceMemory: 8 }) }));
    expect(outcome).toMatchObject({ status: 'manual', message: 'unseen', evidence: { deviceMemoryHintGiB: 8 } });
  });

  it('reads the tolerance from the profile, and states it in the evidence', async () => {
    const strict = profileWith((p) => (p.hardware.ramTolerance = 1));
    const outcome = await runCheck(memoryCheck, withRam(5.7 * GIB), strict);
    expect(outcome).toMatchObject({ status: 'fail', evidence: { tolerance: 1, thresholdGiB: 6 } });
    expect((await runCheck(memoryCheck, withRam(5.7 * GIB))).evidence.tolerance).toBe(0.94);
  });
});
