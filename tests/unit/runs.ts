import type { Diagnostic, Evidence, Status } from '../../utils/engine/types';
import type { RunRecord } from '../../utils/run/types';

const COVERS: Record<string, string[]> = {
  browser: ['WEB-BROWSER'],
  'turn-udp': ['NET-TURN-UDP'],
  'manual-java': ['WEB-JAVA'],
  'manual-os-updates': ['WEB-OS-UPDATES'],
};

/** A realistic stored run for history and report tests. */
export function makeRun(
  id: string,
  startedAt: number,
  statuses: Record<string, Status> = {},
  extra: Partial<RunRecord> = {},
): RunRecord {
  const diagnostics: Diagnostic[] = Object.entries({
    browser: 'pass',
    'turn-udp': 'pass',
    'manual-java': 'manual',
    ...statuses,
  }).map(([checkId, status]) => ({
    checkId,
    covers: COVERS[checkId] ?? ['WEB-CPU'],
    category: 'browser',
    status: status as Status,
    message: { key: `check_${checkId.replace(/-/g, '_')}_pass` },
    evidence: (checkId === 'turn-udp'
      ? {
          probes: [
            `mediaserver1-2.maincare.com:3478 turn-udp: ${status === 'pass' ? 'allocated' : 'no-answer'} (80 ms)`,
          ],
        }
      : status === 'manual'
        ? {}
        : { brand: 'edge', version: '116.0.1938.62' }) as Evidence,
    fixes: [],
    ...(status === 'manual' && { manual: { unmetStatus: 'fail' as const } }),
    durationMs: 5,
  }));
  return {
    id,
    startedAt,
    finishedAt: startedAt + 1000,
    extensionVersion: '0.1.0',
    profile: { id: 'therape-6.1.0', name: 'Therap-e 6.1.0', version: '2 (2024-07-11)', source: 'builtin' },
    profileProblems: [],
    planned: diagnostics.length,
    diagnostics,
    overall: Object.values(statuses).includes('fail') ? 'fail' : 'pass',
    ...extra,
  };
}
