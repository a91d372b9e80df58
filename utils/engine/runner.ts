import { checkMessageKey } from './keys';
import type { Check, CheckContext, Diagnostic, Outcome } from './types';

export interface RunOptions {
  checks: Check[];
  context: Omit<CheckContext, 'signal'>;
  /** Aborting the run turns every unfinished check into an `error` that says so. */
  signal?: AbortSignal;
  /** Called as each result lands, in landing order. */
  onResult?: (diagnostic: Diagnostic) => void;
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
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Converts a check's local outcome into a diagnostic with full i18n keys (plain JSON data). */
export function toDiagnostic(check: Check, outcome: Outcome, durationMs: number): Diagnostic {
  const fullKey = (key: string) => (outcome.fullKeys ? key : checkMessageKey(check.id, key));
  return plain({
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
 * Runs every check in parallel, each under its own timeout. Never rejects: a throw, a
 * timeout or an abort becomes an `error` diagnostic. Results come back in registry order;
 * `onResult` sees them as they land.
 */
export async function runChecks(options: RunOptions): Promise<Diagnostic[]> {
  return Promise.all(
    options.checks.map(async (check) => {
      const diagnostic = await runOne(check, options);
      options.onResult?.(diagnostic);
      return diagnostic;
    }),
  );
}
