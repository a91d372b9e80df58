import type { Platform } from '../platform/types';
import type { Profile } from '../profile/types';
import type { QuickFixAction, QuickFixResult } from './quickfix';

export type Status = 'pass' | 'warn' | 'fail' | 'manual' | 'error';

export type Category = 'browser' | 'system' | 'display' | 'software' | 'network' | 'security' | 'information';

/** JSON-serialisable facts a check saw. Kept verbatim in the run, shown to the user. */
export type Evidence = Record<string, string | number | boolean | null | string[] | number[]>;

export type Params = Record<string, string | number>;

/** A way to fix a problem: steps to read, an optional link, an optional one-click action. */
export interface Fix {
  /** i18n key of the step text. */
  key: string;
  params?: Params;
  url?: string;
  /** A Quick Fix the background runs after the user clicks: it changes the setting, then re-runs the check. */
  action?: QuickFixAction;
  /** A page of the extension the row's button opens (the device test, which needs the user). */
  page?: 'devices';
}

/**
 * A value may be `undefined`, read as absent: the runner stores an outcome as JSON, which
 * drops it. So a check may return, from different branches, objects whose keys differ.
 */
export type Absent<T> = { [K in keyof T]: T[K] | undefined };

/**
 * What a check returns. Message and fix keys are variants local to the check: `M`, the
 * variants its `messages` declare (see defineCheck in ./check.ts).
 */
export interface Outcome<M extends string = string> {
  status: Status;
  message: M;
  params?: Absent<Params>;
  evidence: Absent<Evidence>;
  fixes?: (Omit<Fix, 'key' | 'params'> & { key: M; params?: Absent<Params> })[];
  /** Manual checks: the question the user answers, how serious a "no" is, and who can answer it. */
  manual?: { unmetStatus: 'fail' | 'warn'; audience?: Audience };
  /**
   * The message and fix keys are already full i18n keys, not variants: an outcome another
   * module judged and the check forwards as it is (the self-call's, utils/net/callstats.ts).
   */
  fullKeys?: true;
}

/**
 * What a check runs with. `P`: the platform ports it uses (utils/platform/ports/), e.g.
 * `CheckContext<SystemFacts & HttpProbes>`; the run hands every check the whole Platform,
 * a unit test only the ports the check names.
 */
export interface CheckContext<P = Platform> {
  profile: Profile;
  platform: P;
  signal: AbortSignal;
  now: () => number;
  /**
   * Work shared by the checks of one run (e.g. one batch of ICE probes read by the STUN,
   * TURN/UDP and TURN/TCP checks): computed once per key and run.
   */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * Resolves once every other check of the run has settled (at once when alone): a check that
   * measures throughput waits for it so the run's own work is not what it measures.
   */
  othersSettled?(): Promise<void>;
}

/**
 * One check: looks at one thing, names the requirement IDs it covers, and returns an
 * outcome with the evidence that produced it. Message variants are declared so tests can
 * prove every variant exists in French and English.
 */
export interface Check<M extends string = string, P = Platform> {
  id: string;
  covers: string[];
  category: Category;
  /** Variants used as `message` or fix `key`; full i18n key is `check_<id>_<variant>`. */
  messages: readonly M[];
  /** Overrides the profile's per-check timeout. */
  timeoutMs?: (profile: Profile) => number;
  /**
   * Starts before the others, which wait for the `first` checks to settle (at most
   * FIRST_PHASE_MAX_MS, runner.ts): checks that time the network run with nothing beside them.
   */
  first?: boolean;
  /**
   * `NoInfer`: the variants come from `messages` alone, so returning an undeclared one is a
   * compile error. A property, not a method: a check that needs a port is never accepted
   * where only fewer ports are given.
   */
  run: (ctx: CheckContext<P>) => Promise<Outcome<NoInfer<M>>>;
}

/**
 * An answer to a manual item. `source` says who gave it: the user in the popup (`user`, also
 * assumed when absent, as in runs stored before it existed), or IT through a managed
 * attestation (`policy`, with `by` naming who attests). Either counts as confirmed.
 */
export type Confirmation = { answer: 'yes' | 'no'; at: number; source?: 'user' | 'policy'; by?: string };

/** Who can answer a manual item: the person at the keyboard, or the IT department (the popup folds those). */
export type Audience = 'user' | 'it';

/** A check's result as the UI, the history and the report see it (full i18n keys). */
export interface Diagnostic {
  checkId: string;
  covers: string[];
  category: Category;
  status: Status;
  message: { key: string; params?: Params };
  evidence: Evidence;
  fixes: Fix[];
  manual?: { unmetStatus: 'fail' | 'warn'; audience?: Audience; confirmation?: Confirmation };
  /** Set on the diagnostic a Quick Fix produced (the re-run after the change). */
  quickFix?: QuickFixResult;
  durationMs: number;
}

/**
 * The run's verdict (see rollup.ts). `pending`: nothing measured blocks, but blocking manual
 * items are still unanswered, so the workstation cannot be called ready yet.
 */
export type Overall = 'pass' | 'warn' | 'pending' | 'fail' | 'error' | 'running';
