/** The outcome of one task, settled on its own: one failure never fails the others. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `task` over `items` with at most `size` running at once, and returns each outcome in the
 * order of `items`. A task that throws settles as `{ ok: false }`; once `signal` is aborted no
 * new task starts, and those not started settle with the abort reason.
 */
export async function pool<I, T>(
  items: readonly I[],
  size: number,
  task: (item: I, index: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<Settled<T>[]> {
  const results = new Array<Settled<T>>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      if (signal?.aborted) {
        results[i] = { ok: false, error: signal.reason ?? new Error('aborted') };
        continue;
      }
      try {
        results[i] = { ok: true, value: await task(items[i]!, i) };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
  return results;
}

/** Never fewer at once than this: a normal profile's probes barely queue. */
export const POOL_MIN = 8;
/** Never more at once than this: a huge profile does not open thousands of connections. */
export const POOL_MAX = 32;

/**
 * How many of `tasks` probes, each bounded by `taskMs`, may run at once so that all of them
 * still end within `budgetMs` (one bound is kept as margin), between POOL_MIN and POOL_MAX.
 * Beyond POOL_MAX × the waves that fit, the budget runs out first: the check says so.
 */
export function poolSize(tasks: number, taskMs: number, budgetMs: number): number {
  const waves = Math.max(1, Math.floor(budgetMs / taskMs) - 1);
  return Math.min(POOL_MAX, Math.max(POOL_MIN, Math.ceil(tasks / waves)));
}
