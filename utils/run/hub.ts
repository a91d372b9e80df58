import { runChecks } from '../engine/runner';
import { rollup } from '../engine/rollup';
import { createShared } from '../engine/shared';
import type { Check, Diagnostic } from '../engine/types';
import { BUILTIN_PROFILE } from '../profile/builtin';
import { attestationFor } from '../profile/managed';
import type { Profile, ResolvedProfile } from '../profile/types';
import type { PageFacts, Platform } from '../platform/types';
import { recallingChecks, type RecalledPage } from '../schedule/page-facts';
import { MAX_RUN_PROFILE_PROBLEMS, type RunRecord, type StateMessage } from './types';

export interface HubDeps {
  checks: Check[];
  loadProfile(): Promise<ResolvedProfile>;
  platformFor(page: PageFacts): Platform;
  loadLastRun(): Promise<RunRecord | undefined>;
  /** Stores the run (history and last run). May set `run.historyError` and still resolve. */
  saveRun(run: RunRecord, profile: Profile): Promise<void>;
  /**
   * Called when a run has finished and been saved (toolbar badge), or changed after (an
   * answer, a Quick Fix). `previous` is the run before it, given only when a run finishes.
   */
  onFinished?(run: RunRecord, previous?: RunRecord): void;
  /** Called once per run, when it has completed and been saved (reporting). */
  onCompleted?(run: RunRecord): void;
  now(): number;
  newId(): string;
  extensionVersion: string;
  /** Whether an enterprise policy installed the extension (recorded with each run). */
  installedByPolicy?(): Promise<boolean>;
  /** Where failures to save are reported (never thrown at the UI). */
  log(message: string, error?: unknown): void;
}

type Listener = (state: StateMessage) => void;

/**
 * Hosts runs in the background context so a run outlives the popup. Pages subscribe and
 * receive the whole state on every change; one run at a time (a second start joins it).
 */
/** The built-in profile with a retention that deletes nothing. */
const KEEP_EVERYTHING: Profile = {
  ...BUILTIN_PROFILE,
  history: { ...BUILTIN_PROFILE.history, maxRuns: Number.MAX_SAFE_INTEGER, maxAgeDays: Number.MAX_SAFE_INTEGER },
};

export class RunHub {
  private current?: { run: RunRecord; done: Promise<RunRecord> };
  private running = false;
  /**
   * The profile of the current run (its retention applies to saves). Unknown until a run
   * starts: after a service-worker restart an answer is saved under the profile loaded then,
   * never under the built-in one, whose retention could prune a longer history.
   */
  private profile?: Profile;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly deps: HubDeps) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    // A run in progress is sent at once; a finished one is in storage (pages read it there).
    if (this.running && this.current) listener(this.state(this.current.run));
    return () => this.listeners.delete(listener);
  }

  /** Starts a run, or joins the one in progress. */
  start(page: PageFacts): Promise<RunRecord> {
    if (this.running && this.current) return this.current.done;
    return this.begin(page, this.deps.checks);
  }

  /**
   * A scheduled run, in the background: never while another run or a Quick Fix is in
   * progress (undefined then: skipped, not joined). With the facts the last page measured.
   */
  startScheduled(recalled: RecalledPage | undefined): Promise<RunRecord> | undefined {
    if (this.running || this.fixing) return undefined;
    return this.begin(recalled?.facts ?? {}, recallingChecks(this.deps.checks, recalled, this.deps.now), 'scheduled');
  }

  private begin(page: PageFacts, checks: Check[], trigger?: RunRecord['trigger']): Promise<RunRecord> {
    this.running = true;
    const run: RunRecord = {
      id: this.deps.newId(),
      startedAt: this.deps.now(),
      extensionVersion: this.deps.extensionVersion,
      profile: { id: '', name: '', version: '', source: 'builtin' },
      profileProblems: [],
      ...(trigger && { trigger }),
      planned: checks.length,
      diagnostics: [],
      overall: 'running',
    };
    const done = this.execute(run, page, checks);
    this.current = { run, done };
    // No state yet: see onFirstPhaseDone in execute (a page subscribing now still gets this one).
    return done;
  }

  /** Records the user's answer to a manual item (null clears it) and saves the run. */
  async confirm(runId: string, checkId: string, answer: 'yes' | 'no' | null): Promise<void> {
    // While a run is in progress only its own answers apply (an older run must not be saved over it).
    if (this.running && this.current?.run.id !== runId) return;
    const run = this.current?.run.id === runId ? this.current.run : await this.deps.loadLastRun();
    const diagnostic = run?.id === runId ? run.diagnostics.find((d) => d.checkId === checkId) : undefined;
    // IT's attestation is not the user's to change (it is re-applied on every run anyway).
    if (!run || !diagnostic?.manual || diagnostic.manual.confirmation?.source === 'policy') return;
    if (answer) diagnostic.manual.confirmation = { answer, at: this.deps.now(), source: 'user' };
    else delete diagnostic.manual.confirmation;
    if (run.finishedAt) {
      run.overall = rollup(run.diagnostics, true, run.planned);
      await this.save(run);
      this.deps.onFinished?.(run);
    }
    if (!this.current || this.current.run.id !== run.id) this.current = { run, done: Promise.resolve(run) };
    this.emit(run);
  }

  /**
   * Quick Fix: applies the action the check itself offered on this run's row, then re-runs
   * that check, which reads the setting back. The row is replaced by the re-run's result,
   * marked with what the Quick Fix did; `ok` only when the re-run passed.
   */
  async quickFix(runId: string, checkId: string, page: PageFacts): Promise<void> {
    if (this.running || this.fixing) return;
    // Taken before the first await: a second click while the run is read from storage is ignored.
    this.fixing = checkId;
    let run: RunRecord | undefined;
    try {
      run = this.current?.run.id === runId ? this.current.run : await this.deps.loadLastRun();
    } finally {
      this.fixing = undefined;
    }
    const index = run?.id === runId ? run.diagnostics.findIndex((d) => d.checkId === checkId) : -1;
    const action = run?.diagnostics[index]?.fixes.find((f) => f.action)?.action;
    const check = this.deps.checks.find((c) => c.id === checkId);
    if (!run || !action || !check || this.running) return;
    this.fixing = checkId;
    this.emit(run);
    try {
      let error: string | undefined;
      const platform = this.deps.platformFor(page);
      try {
        await platform.applyQuickFix(action);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const { profile } = await this.deps.loadProfile();
      const [fresh] = await runChecks({
        checks: [check],
        context: { profile, platform, now: this.deps.now, shared: createShared() },
      });
      if (!fresh) return;
      fresh.quickFix = {
        id: action.id,
        at: this.deps.now(),
        ok: !error && fresh.status === 'pass',
        ...(error && { error }),
      };
      // A run started meanwhile owns the state now: this result goes nowhere.
      if (this.running) return;
      run.diagnostics[index] = fresh;
      run.overall = rollup(run.diagnostics, true, run.planned);
      await this.save(run);
      this.deps.onFinished?.(run);
      this.current = { run, done: Promise.resolve(run) };
    } catch (error) {
      this.deps.log('the Quick Fix stopped early', error);
    } finally {
      this.fixing = undefined;
      this.emit(run);
    }
  }

  private fixing?: string;

  /**
   * New results outside a run (the device test page saved what it measured): these checks are
   * run again and their rows of the last run replaced (added when the run predates them),
   * answers carried as between runs, the run rolled up and saved. A run in progress ends
   * first: it may have read the older results.
   */
  async refresh(checkIds: string[], page: PageFacts): Promise<void> {
    try {
      if (this.running && this.current) await this.current.done;
      const run = this.current?.run ?? (await this.deps.loadLastRun());
      const checks = this.deps.checks.filter((c) => checkIds.includes(c.id));
      if (!run?.finishedAt || checks.length === 0) return;
      const { profile, attestations } = await this.deps.loadProfile();
      const fresh = await runChecks({
        checks,
        context: { profile, platform: this.deps.platformFor(page), now: this.deps.now, shared: createShared() },
      });
      // A run started meanwhile reads the new results itself.
      if (this.running) return;
      for (const diagnostic of fresh) {
        carryConfirmation(diagnostic, run);
        applyAttestation(diagnostic, attestations);
        const index = run.diagnostics.findIndex((d) => d.checkId === diagnostic.checkId);
        if (index >= 0) run.diagnostics[index] = diagnostic;
        else run.diagnostics.push(diagnostic);
      }
      const order = new Map(this.deps.checks.map((c, i) => [c.id, i]));
      run.diagnostics.sort((a, b) => (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0));
      run.overall = rollup(run.diagnostics, true, run.planned);
      await this.save(run);
      this.deps.onFinished?.(run);
      this.current = { run, done: Promise.resolve(run) };
      this.emit(run);
    } catch (error) {
      this.deps.log('could not add the new results to the last run', error);
    }
  }

  private async execute(run: RunRecord, page: PageFacts, checks: Check[]): Promise<RunRecord> {
    const platform = this.deps.platformFor(page);
    platform.warmUp();
    let previous: RunRecord | undefined;
    try {
      const [resolved, last, managedInstall] = await Promise.all([
        this.deps.loadProfile(),
        this.deps.loadLastRun().catch(() => undefined),
        this.deps.installedByPolicy?.().catch(() => false),
      ]);
      previous = last;
      if (managedInstall) run.managedInstall = true;
      const { profile } = resolved;
      this.profile = profile;
      run.profile = { id: profile.id, name: profile.name, version: profile.version, source: resolved.source };
      run.profileProblems = resolved.problems.slice(0, MAX_RUN_PROFILE_PROBLEMS);
      const omitted = resolved.problems.length - run.profileProblems.length;
      if (omitted > 0) run.profileProblemsOmitted = omitted;
      if (resolved.labels) run.labels = resolved.labels;
      let firstPhase = true;
      await runChecks({
        checks,
        context: { profile, platform, now: this.deps.now, shared: createShared() },
        // Pages hear that the run started once the STUN/TURN probes have settled, not before:
        // in Firefox the popup shares the background page's thread, and re-rendering it while
        // the probes wait for their candidates delayed their verdicts by 15–20 ms (a run started
        // without a page open: 32 ms; from the popup: 48–55 ms; docs/benchmarks.md). The popup
        // shows the last known verdict meanwhile. Results landing before then go out with that
        // first state.
        onFirstPhaseDone: () => {
          firstPhase = false;
          this.emit(run);
        },
        onResult: (diagnostic) => {
          carryConfirmation(diagnostic, previous);
          applyAttestation(diagnostic, resolved.attestations);
          run.diagnostics.push(diagnostic);
          run.overall = rollup(run.diagnostics, false);
          if (!firstPhase) this.emitSoon(run);
        },
      });
      // Registry order, so every run reads the same way.
      const order = new Map(this.deps.checks.map((c, i) => [c.id, i]));
      run.diagnostics.sort((a, b) => (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0));
    } catch (error) {
      this.deps.log('the run stopped early', error);
    } finally {
      run.finishedAt = this.deps.now();
      run.overall = rollup(run.diagnostics, true, run.planned);
      this.running = false;
      await this.save(run);
      this.emit(run);
      this.deps.onFinished?.(run, previous);
      this.deps.onCompleted?.(run);
    }
    return run;
  }

  /** A run that could not be stored anywhere says so to the pages (they show it): never lost silently. */
  private async save(run: RunRecord) {
    try {
      delete run.saveError;
      this.profile ??= await this.deps.loadProfile().then(
        (resolved) => resolved.profile,
        () => undefined,
      );
      // No profile readable: save without pruning anything rather than with a guessed retention.
      await this.deps.saveRun(run, this.profile ?? KEEP_EVERYTHING);
    } catch (error) {
      run.saveError = error instanceof Error ? error.message : String(error);
      this.deps.log('could not save the run', error);
    }
  }

  private state(run: RunRecord): StateMessage {
    // A copy, so listeners never see later mutation.
    return {
      type: 'state',
      run: structuredClone(run),
      running: this.running && this.current?.run === run,
      ...(this.fixing && { fixing: this.fixing }),
    };
  }

  private pending?: ReturnType<typeof setTimeout>;

  /**
   * Results landing together are sent as one state (at most one per 50 ms): copying and
   * re-rendering the whole run for each of them would take CPU from the checks themselves.
   */
  private emitSoon(run: RunRecord) {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.emit(run);
    }, 50);
  }

  private emit(run: RunRecord) {
    clearTimeout(this.pending);
    this.pending = undefined;
    const state = this.state(run);
    for (const listener of this.listeners) listener(state);
  }
}

/**
 * A user's manual answer stays valid across runs while the question is the same. IT's
 * attestations are not carried: they come from the managed key on every run, so one IT
 * removed is asked again.
 */
function carryConfirmation(diagnostic: Diagnostic, previous: RunRecord | undefined) {
  if (!diagnostic.manual || !previous) return;
  const before = previous.diagnostics.find((d) => d.checkId === diagnostic.checkId);
  const confirmation = before?.manual?.confirmation;
  if (confirmation && confirmation.source !== 'policy' && before?.message.key === diagnostic.message.key)
    diagnostic.manual.confirmation = confirmation;
}

/** IT's attestation, when the policy has one for this item, replaces any user answer. */
function applyAttestation(diagnostic: Diagnostic, attestations: ResolvedProfile['attestations']) {
  const attested = diagnostic.manual && attestationFor(diagnostic, attestations);
  if (diagnostic.manual && attested) diagnostic.manual.confirmation = attested;
}
