import { effectiveStatus } from '../engine/rollup';
import type { Diagnostic, Status } from '../engine/types';
import type { RunRecord } from '../run/types';

export interface Change {
  /**
   * Check id, "check-id host:port transport" for one media server of a network check, or
   * `VERDICT_SUBJECT` for the run's overall verdict.
   */
  subject: string;
  covers: string[];
  before: Status | string;
  after: Status | string;
}

/** Per-server outcomes from the STUN/TURN evidence lines ("host:port turn-udp: allocated (…)"). */
function serverOutcomes(d: Diagnostic | undefined): Map<string, string> {
  const lines = d?.evidence.probes;
  const map = new Map<string, string>();
  if (!Array.isArray(lines)) return map;
  for (const line of lines) {
    const match = /^(\S+) (\S+): (\S+)/.exec(String(line));
    if (match) map.set(`${match[1]} ${match[2]}`, match[3]!);
  }
  return map;
}

export const VERDICT_SUBJECT = 'verdict';

const REACHABLE = new Set(['allocated', 'auth-refused', 'answered']);

/**
 * What changed between two runs: the verdict, every check whose status changed, and for the STUN/TURN
 * checks every media server whose reachability changed (e.g. "turn-udp mediaserver1-2:3478
 * turn-udp: pass → fail").
 */
export function diffRuns(previous: RunRecord, next: RunRecord): Change[] {
  const changes: Change[] = [];
  // The verdict first (e.g. "pending → pass" once the blocking questions are answered).
  if (previous.overall !== next.overall)
    changes.push({ subject: VERDICT_SUBJECT, covers: [], before: previous.overall, after: next.overall });
  const before = new Map(previous.diagnostics.map((d) => [d.checkId, d]));
  for (const d of next.diagnostics) {
    const old = before.get(d.checkId);
    const was = old ? effectiveStatus(old) : 'absent';
    const now = effectiveStatus(d);
    if (was !== now) changes.push({ subject: d.checkId, covers: d.covers, before: was, after: now });
    const oldServers = serverOutcomes(old);
    for (const [server, outcome] of serverOutcomes(d)) {
      const prior = oldServers.get(server);
      // Unproven (a browser without ICE error events) is neither reachable nor blocked.
      if (prior === undefined || prior === 'unproven' || outcome === 'unproven') continue;
      const a = REACHABLE.has(prior) ? 'pass' : 'fail';
      const b = REACHABLE.has(outcome) ? 'pass' : 'fail';
      if (a !== b) changes.push({ subject: `${d.checkId} ${server}`, covers: d.covers, before: a, after: b });
    }
  }
  return changes;
}
