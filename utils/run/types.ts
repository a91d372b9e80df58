import type { Diagnostic, Overall } from '../engine/types';
import type { ProfileProblem, ProfileSource } from '../profile/types';
import type { PageFacts } from '../platform/types';

/** One run: what was checked, against which profile, and every diagnostic with evidence. */
export interface RunRecord {
  id: string;
  startedAt: number;
  finishedAt?: number;
  extensionVersion: string;
  /** The extension was installed by an enterprise policy (the report says "installed by your organisation"). */
  managedInstall?: boolean;
  profile: { id: string; name: string; version: string; source: ProfileSource };
  profileProblems: ProfileProblem[];
  /** Number of checks started, so a partial run shows its progress. */
  planned: number;
  diagnostics: Diagnostic[];
  overall: Overall;
  /** Why this run could not be added to the history (database full, blocked…), if so. */
  historyError?: string;
}

/** Page → background. */
export type ClientMessage =
  | { type: 'start'; page: PageFacts }
  | { type: 'subscribe' }
  | { type: 'confirm'; runId: string; checkId: string; answer: 'yes' | 'no' | null }
  | { type: 'quick-fix'; runId: string; checkId: string; page: PageFacts };

/** Background → page: the whole current state (runs are small; no merge logic to get wrong). */
export interface StateMessage {
  type: 'state';
  run: RunRecord;
  running: boolean;
  /** The check whose Quick Fix is being applied, if any. */
  fixing?: string;
}

export const RUN_PORT = 'run';
export const LAST_RUN_KEY = 'lastRun';
export const IMPORTED_PROFILE_KEY = 'importedProfile';
