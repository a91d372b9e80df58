import type { RunRecord } from '../run/types';
import { redactDeep } from './redact';

/**
 * JSON export, format "therape-readiness-run" version 2:
 * `{ format, version, exportedAt (ISO 8601), run }` where `run` is the stored RunRecord
 * (utils/run/types.ts) with every string redacted (keys included) and secret-named evidence
 * and parameters hidden. Message keys are i18n keys of
 * public/_locales; a reader needs no extension code to see statuses, codes and evidence.
 * Version 2 has the shape of version 1; what is new: `run.overall` may be `pending`
 * (blocking manual items unanswered), and a `manual.confirmation` may carry `source`
 * (`user` | `policy`) and `by`. A reader of version 1 that rejects unknown verdicts must
 * learn `pending` before it reads version 2.
 */
export const EXPORT_FORMAT = 'therape-readiness-run';
export const EXPORT_VERSION = 2;

export function exportRunJson(run: RunRecord, now: number): string {
  return JSON.stringify(
    { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(now).toISOString(), run: redactDeep(run) },
    null,
    2,
  );
}
