import { checkMessageKey } from './keys';
import type { Check, CheckContext, Diagnostic, Outcome } from './types';

export interface RunOptions {
  checks: Check[];
  context: Omit<CheckContext, 'signal'>;
  /** Aborting the run turns every unfinished check into an `error` that says so. */
  signal?: AbortSignal;
  /** Called as each result lands, in landing order. */
  onResult?: (diagnostic: Diagnostic) => void;
  /** Called once, when the `first` checks have settled or FIRST_PHASE_MAX_MS has passed. */
  onFirstPhaseDone?: () => void;
}

class CheckTimeout extends Error {}

const errorOutcome = (key: string, params: Record<string, string | number>): Diagnostic['message'] => ({
  key,
  params,
});

/**
 * A fresh copy with no shared references. Checks often reuse one params object for a
 * message and its fixes; Firefox's extension storage drops an object met a second time.
 */
const plain = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

/** Converts a check's local outcome into a diagnostic with full i18n keys (plain JSON data). */
export function toDiagnostic(check: Check, outcome: Outcome, durationMs: number): Diagnostic {
  const fullKey = (key: string) => (outcome.fullKeys ? key : checkMessageKey(check.id, key));
  // `plain` drops the values an outcome leaves undefined (see Absent).
  return plain<Diagnostic>({
    checkId: check.id,
    covers: check.covers,
    category: check.category,
    status: outcome.status,
    message: { key: fullKey(outcome.message), ...(outcome.params && { params: outcome.params }) },
    evidence: outcome.evidence,
    fixes: (outcome.fixes ?? []).map((fix) => ({ ...fix, key: fullKey(fix.key) })),
    ...(outcome.manual && { manual: outcome.manual }),
    durationMs,
  });
}

/** The diagnostic of a check that broke: the engine, not the check, says what happened. */
export function errorDiagnostic(check: Check, message: Diagnostic['message'], durationMs: number): Diagnostic {
  return {
    checkId: check.id,
    covers: check.covers,
    category: check.category,
    status: 'error',
    message,
    evidence: {},
    fixes: [],
    durationMs,
  };
}

async function runOne(check: Check, options: RunOptions): Promise<Diagnostic> {
  const { context, signal } = options;
  const started = context.now();
  const controller = new AbortController();
  const timeoutMs = check.timeoutMs?.(context.profile) ?? context.profile.timeouts.checkMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort(new CheckTimeout());
        reject(new CheckTimeout());
      }, timeoutMs);
    });
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
    );
    const outcome = await Promise.race([check.run({ ...context, signal: controller.signal }), deadline, aborted]);
    return toDiagnostic(check, outcome, context.now() - started);
  } catch (error) {
    const elapsed = context.now() - started;
    if (error instanceof CheckTimeout)
      return errorDiagnostic(check, errorOutcome('engine_timeout', { ms: timeoutMs }), elapsed);
    if (signal?.aborted) return errorDiagnostic(check, errorOutcome('engine_aborted', {}), elapsed);
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return errorDiagnostic(check, errorOutcome('engine_threw', { detail }), elapsed);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * How long the other checks wait at most for the `first` ones (the STUN/TURN probes, about
 * 30 to 200 ms when servers answer): a blocked server, silent until the probe timeout, does
 * not hold the rest of the run.
 */
export const FIRST_PHASE_MAX_MS = 300;

/**
 * Runs every check in parallel, each under its own timeout, the `first` ones before the rest
 * (see Check.first). Never rejects: a throw, a timeout or an abort becomes an `error`
 * diagnostic. Results come back in registry order; `onResult` sees them as they land.
 */
export async function runChecks(options: RunOptions): Promise<Diagnostic[]> {
  const settled = options.checks.map(() => deferred());
  const others = (index: number) => Promise.all(settled.filter((_, i) => i !== index).map((d) => d.promise));
  const launch = (check: Check, index: number) =>
    runOne(check, {
      ...options,
      context: { ...options.context, othersSettled: () => others(index).then(() => undefined) },
    })
      .then((diagnostic) => {
        options.onResult?.(diagnostic);
        return diagnostic;
      })
      .finally(settled[index]!.resolve);
  const started = new Map<Check, Promise<Diagnostic>>();
  options.checks.forEach((check, i) => check.first && started.set(check, launch(check, i)));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const firstPhase = Promise.race([
    Promise.all(started.values()),
    new Promise((resolve) => (timer = setTimeout(resolve, FIRST_PHASE_MAX_MS))),
  ]).finally(() => {
    clearTimeout(timer);
    try {
      options.onFirstPhaseDone?.();
    } catch {
      // A listener's failure is not the run's.
    }
  });
  const all = options.checks.map((check, i) => started.get(check) ?? firstPhase.then(() => launch(check, i)));
  return Promise.all(all);
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
