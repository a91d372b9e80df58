import type { Check, Evidence } from '../engine/types';
import type { PageFacts } from '../platform/types';

/**
 * A scheduled run has no page: no screen, no PDF viewer flag, no media devices. It uses the
 * facts the last page that started a run measured, and every check that read them says so
 * in its evidence, with their age; with none measured yet, the checks see nothing (they say
 * "manual", never pass) and the evidence says why.
 */
export const LAST_PAGE_KEY = 'lastPageFacts';

export interface RecalledPage {
  facts: PageFacts;
  /** When the page measured them (ms since epoch). */
  at: number;
}

export function recalledEvidence(recalled: RecalledPage | undefined, now: number): Evidence {
  if (!recalled) return { pageFacts: 'none' };
  return { pageFacts: 'last-page', pageFactsAgeMinutes: Math.max(0, Math.round((now - recalled.at) / 60_000)) };
}

/** The checks of a scheduled run: each reads the recalled facts, and one that did carries their origin and age. */
export function recallingChecks(checks: Check[], recalled: RecalledPage | undefined, now: () => number): Check[] {
  const facts = recalled?.facts ?? {};
  return checks.map((check) => ({
    ...check,
    async run(ctx) {
      let read = false;
      const platform = {
        ...ctx.platform,
        page: () => {
          read = true;
          return facts;
        },
      };
      const outcome = await check.run({ ...ctx, platform });
      return read ? { ...outcome, evidence: { ...outcome.evidence, ...recalledEvidence(recalled, now()) } } : outcome;
    },
  }));
}
