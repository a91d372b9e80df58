import { describe, expect, it } from 'vitest';
import { diffRuns } from '../../../utils/history/diff';
import { summarise } from '../../../utils/history/summary';
import { answer, idealWorkstationRun, makeRun } from '../runs';

describe('diff between runs', () => {
  it('names each check whose status changed, and each media server whose reachability changed', () => {
    const before = makeRun('a', 1);
    const after = makeRun('b', 2, { 'turn-udp': 'fail' });
    after.overall = 'fail';
    expect(diffRuns(before, after)).toEqual([
      { subject: 'verdict', covers: [], before: 'pending', after: 'fail' },
      { subject: 'turn-udp', covers: ['NET-TURN-UDP'], before: 'pass', after: 'fail' },
      {
        subject: 'turn-udp mediaserver1-2.maincare.com:3478 turn-udp',
        covers: ['NET-TURN-UDP'],
        before: 'pass',
        after: 'fail',
      },
    ]);
  });

  it('counts a manual answer as the status it gives, and names the verdict leaving pending', () => {
    const before = makeRun('a', 1);
    const after = answer(makeRun('b', 2), 'manual-java', 'yes');
    expect(before.overall).toBe('pending');
    expect(diffRuns(before, after)).toEqual([
      { subject: 'verdict', covers: [], before: 'pending', after: 'pass' },
      { subject: 'manual-java', covers: ['WEB-JAVA'], before: 'manual', after: 'pass' },
    ]);
  });

  it('keeps the verdict of each run in its summary (history list and trend)', async () => {
    const run = await idealWorkstationRun();
    expect(summarise(run)).toMatchObject({
      overall: 'pending',
      counts: { blockingToConfirm: 11, pass: 17 },
      statuses: { 'manual-flow-test': 'manual', browser: 'pass' },
    });
  });

  it('is empty when nothing changed, and marks new checks as absent before', () => {
    expect(diffRuns(makeRun('a', 1), makeRun('b', 2))).toEqual([]);
    expect(diffRuns(makeRun('a', 1), makeRun('b', 2, { cpu: 'warn' }))).toEqual([
      { subject: 'cpu', covers: ['WEB-CPU'], before: 'absent', after: 'warn' },
    ]);
  });

  it('counts an unproven media server (no ICE error events) as neither reachable nor blocked', () => {
    const before = makeRun('a', 1);
    const after = makeRun('b', 2, { 'turn-udp': 'manual' });
    after.diagnostics.find((d) => d.checkId === 'turn-udp')!.evidence.probes = [
      'mediaserver1-2.maincare.com:3478 turn-udp: unproven (3000 ms, candidates: host)',
    ];
    expect(diffRuns(before, after)).toEqual([
      { subject: 'turn-udp', covers: ['NET-TURN-UDP'], before: 'pass', after: 'manual' },
    ]);
  });
});
