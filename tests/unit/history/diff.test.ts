import { describe, expect, it } from 'vitest';
import { diffRuns } from '../../../utils/history/diff';
import { makeRun } from '../runs';

describe('diff between runs', () => {
  it('names each check whose status changed, and each media server whose reachability changed', () => {
    const before = makeRun('a', 1);
    const after = makeRun('b', 2, { 'turn-udp': 'fail' });
    expect(diffRuns(before, after)).toEqual([
      { subject: 'turn-udp', covers: ['NET-TURN-UDP'], before: 'pass', after: 'fail' },
      {
        subject: 'turn-udp mediaserver1-2.maincare.com:3478 turn-udp',
        covers: ['NET-TURN-UDP'],
        before: 'pass',
        after: 'fail',
      },
    ]);
  });

  it('counts a manual answer as the status it gives', () => {
    const before = makeRun('a', 1);
    const after = makeRun('b', 2);
    after.diagnostics[2]!.manual = { unmetStatus: 'fail', confirmation: { answer: 'yes', at: 3 } };
    expect(diffRuns(before, after)).toEqual([
      { subject: 'manual-java', covers: ['WEB-JAVA'], before: 'manual', after: 'pass' },
    ]);
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
      'mediaserver1-2.maincare.com:3478 turn-udp: unproven (3000 ms, candidates host)',
    ];
    expect(diffRuns(before, after)).toEqual([
      { subject: 'turn-udp', covers: ['NET-TURN-UDP'], before: 'pass', after: 'manual' },
    ]);
  });
});
