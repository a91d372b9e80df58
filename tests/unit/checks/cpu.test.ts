import { describe, expect, it } from 'vitest';
import { clockFromModelName, cpuCheck } from '../../../utils/checks/cpu';
import { fakeSystem, runCheck } from '../fakes';

const withModel = (modelName: string) =>
  fakeSystem({ cpu: async () => ({ modelName, archName: 'x86_64', numOfProcessors: 8 }) });

describe('cpu check', () => {
  it('passes an Intel i5-1135G7 @ 2.40GHz', async () => {
    expect(await runCheck(cpuCheck, withModel('11th Gen Intel(R) Core(TM) i5-1135G7 @ 2.40GHz'))).toMatchObject({
      status: 'pass',
      evidence: { baseClockGHz: 2.4, logicalProcessors: 8 },
    });
  });

  it('warns at 2.20 GHz: enough for the web app, below 2.3 GHz for the desktop app', async () => {
    expect(await runCheck(cpuCheck, withModel('Intel(R) Core(TM) i3-2120 CPU @ 2.20GHz'))).toMatchObject({
      status: 'warn',
      message: 'below_desktop',
    });
  });

  it('fails a 1.60 GHz base clock', async () => {
    expect(await runCheck(cpuCheck, withModel('Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz'))).toMatchObject({
      status: 'fail',
      params: { seen: 1.6 },
    });
  });

  it('passes exactly 2.3 GHz and warns exactly 2.0 GHz', async () => {
    expect((await runCheck(cpuCheck, withModel('Intel(R) Xeon(R) CPU E5-2650 @ 2.30GHz'))).status).toBe('pass');
    expect((await runCheck(cpuCheck, withModel('Intel(R) Xeon(R) CPU E5-2620 @ 2.00GHz'))).status).toBe('warn');
  });

  it('is manual for AMD model names, which carry no clock, keeping the model as evidence', async () => {
    const outcome = await runCheck(cpuCheck, withModel('AMD Ryzen 5 5600U with Radeon Graphics'));
    expect(outcome).toMatchObject({
      status: 'manual',
      evidence: { modelName: 'AMD Ryzen 5 5600U with Radeon Graphics' },
    });
  });

  it('is manual on Firefox, with the core count as evidence', async () => {
    expect(await runCheck(cpuCheck, fakeSystem({ page: () => ({ hardwareConcurrency: 4 }) }))).toMatchObject({
      status: 'manual',
      evidence: { logicalProcessors: 4 },
    });
  });

  it('reads clocks from model names', () => {
    expect(clockFromModelName('Intel(R) Pentium(R) CPU G4560 @ 3.50GHz')).toBe(3.5);
    expect(clockFromModelName('Apple M1')).toBeUndefined();
  });
});
