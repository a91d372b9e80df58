import type { Check } from './types';

/**
 * Declares a check. Its message and fix keys are typed from its own `messages` list, so a
 * `message` or fix `key` the list does not declare (hence has no French and English text)
 * is a compile error; tests/unit/engine/check-types.test.ts proves it.
 *
 * Its platform ports come from the type of `run`'s context: `run({ platform }: CheckContext<SystemFacts>)`.
 * Without one, `ctx.platform` is `unknown`: a check cannot touch a port it does not name.
 */
export function defineCheck<const M extends string, P = unknown>(check: Check<M, P>): Check<M, P> {
  return check;
}
