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
  /** The first MAX_RUN_PROFILE_PROBLEMS problems of the skipped profile sources… */
  profileProblems: ProfileProblem[];
  /** …and how many others were left out (a broken policy can have 100,000). */
  profileProblemsOmitted?: number;
  /** The organisation's labels for this workstation (managed `labels`), e.g. site and room. */
  labels?: Record<string, string>;
  /** `scheduled`: started in the background by the schedule (absent: from a page, by the user). */
  trigger?: 'scheduled';
  /** Number of checks started, so a partial run shows its progress. */
  planned: number;
  diagnostics: Diagnostic[];
  overall: Overall;
  /** Why this run could not be added to the history (database full, blocked…), if so. */
  historyError?: string;
  /** Why this run could not be stored as the last run either: it lives only in the open pages. */
  saveError?: string;
}

/** How many profile problems a run carries (storage.local holds 10 MB for everything). */
export const MAX_RUN_PROFILE_PROBLEMS = 50;

/** Page → background. */
export type ClientMessage =
  | { type: 'start'; page: PageFacts }
  | { type: 'subscribe' }
  | { type: 'confirm'; runId: string; checkId: string; answer: 'yes' | 'no' | null }
  | { type: 'quick-fix'; runId: string; checkId: string; page: PageFacts }
  /** The device test page saved new results: the checks reading them run again on the last run. */
  | { type: 'refresh'; checkIds: string[]; page: PageFacts };

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
