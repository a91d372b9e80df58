import { countStatuses } from '../engine/rollup';
import type { Overall } from '../engine/types';
import type { Translate } from '../i18n/format';
import type { RunRecord } from '../run/types';
import { STATUS_GLYPHS, verdictLines } from './verdict';

/**
 * What the popup's first screen shows of the last finished run, already in the reader's
 * language, small enough to read synchronously (the extension's localStorage) and paint
 * before the popup's own code, the polyfill or the messages have loaded. The stored run then
 * replaces it as soon as it is read. Anything doubtful is ignored, never shown.
 */
export interface VerdictSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** Language of the texts below (the `lang` message of the catalogue in use). */
  lang: string;
  /** Extension version that wrote it (another version may word or judge differently). */
  version: string;
  runId: string;
  overall: Overall;
  /** When the run finished (ms since the epoch). */
  at: number;
  glyph: string;
  /** The verdict's status name (the icon's accessible name). */
  status: string;
  verdict: string;
  counts: string;
  /** The "last run {when}" line, `{when}` filled at paint time (the age is then current). */
  lastRun: string;
}

export const SNAPSHOT_KEY = 'readiness:verdict-snapshot';
export const SNAPSHOT_FORMAT = 1;
/** Older than this, a snapshot is not painted (the stored run still is, a moment later). */
export const SNAPSHOT_MAX_AGE_MS = 30 * 86_400_000;
/** A run "finished" in the future: the clock was set back since; not trusted. */
const CLOCK_SLACK_MS = 5 * 60_000;

const OVERALLS: readonly string[] = ['pass', 'warn', 'pending', 'fail', 'error'];

export function buildSnapshot(run: RunRecord, t: Translate, version: string): VerdictSnapshot | undefined {
  if (run.finishedAt === undefined || !OVERALLS.includes(run.overall)) return undefined;
  const lines = verdictLines(run.overall, countStatuses(run.diagnostics), t);
  return {
    format: SNAPSHOT_FORMAT,
    lang: t('lang'),
    version,
    runId: run.id,
    overall: run.overall,
    at: run.finishedAt,
    glyph: STATUS_GLYPHS[run.overall],
    status: t(`status_${run.overall}`),
    verdict: lines.verdict,
    counts: lines.counts,
    // No params: the template comes back as written, with its {when}.
    lastRun: t('ui_last_run'),
  };
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length < 500;

/**
 * The snapshot to paint, or undefined when there is none, it does not parse or has the wrong
 * shape (corrupt), was written in another language or by another version, or is stale.
 */
export function parseSnapshot(
  raw: string | null | undefined,
  expected: { lang: string; version: string; now: number },
): VerdictSnapshot | undefined {
  if (!raw) return undefined;
  let value: Partial<VerdictSnapshot>;
  try {
    value = JSON.parse(raw) as Partial<VerdictSnapshot>;
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || value.format !== SNAPSHOT_FORMAT) return undefined;
  const texts = [value.lang, value.version, value.runId, value.glyph, value.status, value.verdict, value.counts];
  if (!texts.every(isText) || !isText(value.lastRun) || !value.lastRun.includes('{when}')) return undefined;
  if (!OVERALLS.includes(value.overall as string) || typeof value.at !== 'number' || !Number.isFinite(value.at))
    return undefined;
  if (value.lang !== expected.lang || value.version !== expected.version) return undefined;
  const age = expected.now - value.at;
  if (age < -CLOCK_SLACK_MS || age > SNAPSHOT_MAX_AGE_MS) return undefined;
  return value as VerdictSnapshot;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** How long ago, in `locale`'s words: "3 hours ago", "il y a 3 heures", "hier". */
export function ageText(at: number, now: number, locale: string): string {
  const elapsed = Math.max(0, now - at);
  const [unit, size] = UNITS.find(([, size]) => elapsed >= size) ?? UNITS[UNITS.length - 1]!;
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-Math.floor(elapsed / size), unit);
}

/** The `{when}` of a last known run: its date and time, and its age. */
export const lastRunWhen = (at: number, now: number, locale: string) =>
  `${new Date(at).toLocaleString()} (${ageText(at, now, locale)})`;
