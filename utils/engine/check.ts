import type { Check } from './types';

/**
 * Declares a check. Its message and fix keys are typed from its own `messages` list, so a
 * `message` or fix `key` the list does not declare (hence has no French and English text)
 * is a compile error; tests/unit/engine/check-types.test.ts proves it.
 */
export function defineCheck<const M extends string>(check: Check<M>): Check<M> {
  return check;
}
