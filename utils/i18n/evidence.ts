import type { Evidence } from '../engine/types';
import { formatNumber, isWordValue, localeOf, wordLabelKeys, type Translate } from './format';

/**
 * How evidence reads in the user's language (popup, report page, text and Markdown reports;
 * the JSON export keeps the raw keys and values).
 *
 * - Keys: a key a check writes as an identifier (`passwordSavingEnabled`, camelCase) is
 *   labelled by the message `evidence_<key>`. Any other key is data and shown as written:
 *   an origin (pop-ups), an environment's name from the profile ("Environnement 1").
 * - Values: numbers are written in the reader's language (2,4 in French). Booleans and
 *   values made of lowercase words (`system`, `not readable`, `controlled_by_other_extensions`,
 *   `esr`, `turn-udp`) are words a check chose, hence English: they are labelled by
 *   `evidence_<key>_<value>` (meaning for that key) or else `evidence_value_<value>` (same
 *   meaning everywhere), the value's non-alphanumerics as `_`. Values of DATA_KEYS are data
 *   even when they look like words (codec names, bypass entries, browser error text).
 * - Empty values ('', [], null) say what they mean for their key: `evidence_<key>_empty`
 *   ("aucun serveur atteint", "non testé").
 * - Lines (a value that is not a word: "host:3478 turn-udp: no-answer (80 ms)") are data with
 *   words in them: each run of lowercase words between spaces, brackets and punctuation is
 *   replaced by its label when one exists (`evidence_probes_no_answer`, else word by word),
 *   and kept as written when none does. A run of several words is a phrase a check wrote in
 *   English, so its label is required (a French reader must not read English); a single word
 *   is optional (it is often data: a header name, a candidate type).
 *
 * A unit test of every check (tests/unit/fakes.ts runCheck) fails when an outcome carries a
 * key or value without its label in both languages.
 */
export const DATA_KEYS = new Set([
  'send',
  'receive',
  'required',
  'architecture',
  'bypass',
  'cacheControl',
  'error',
  'userAgent',
  'clientHints',
  'modelName',
  'videoCodec',
  'audioCodec',
]);

/** Keys checks write as identifiers, hence labelled; other keys are data. */
export const isLabelledKey = (key: string) => /^[a-z][A-Za-z0-9]*$/.test(key);

/**
 * The first of these messages that exists, else undefined (a translator returns a missing key
 * as is). `optional`: a label the evidence may do without (words inside a line).
 */
export type Lookup = (candidates: string[], optional?: boolean) => string | undefined;

/** A run of lowercase words ("no answer", "auth-refused") standing alone between spaces, brackets and punctuation. */
const PHRASE = /(^|[\s(,;])([a-z]+(?:[ -][a-z]+)*)(?=$|[\s),;:])/g;

/** A line's words labelled where a label exists: the whole run first, else word by word. */
const labelPhrases = (key: string, line: string, lookup: Lookup) =>
  line.replace(
    PHRASE,
    (_, before: string, phrase: string) =>
      before +
      (lookup(wordLabelKeys(key, phrase), !phrase.includes(' ')) ??
        phrase
          .split(' ')
          .map((word) => lookup(wordLabelKeys(key, word), true) ?? word)
          .join(' ')),
  );

type Item = string | number | boolean | null;

function describeValue(key: string, value: Evidence[string], lookup: Lookup, locale: string | undefined): string {
  const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (empty) return lookup(isLabelledKey(key) ? [`evidence_${key}_empty`] : ['evidence_value_empty']) ?? '—';
  const one = (item: Item): string => {
    if (typeof item === 'number') return formatNumber(item, locale);
    if (typeof item === 'boolean') return lookup(wordLabelKeys(key, item)) ?? String(item);
    if (item === null) return '—';
    if (DATA_KEYS.has(key)) return item;
    if (isWordValue(item)) return lookup(wordLabelKeys(key, item)) ?? item;
    return labelPhrases(key, item, lookup);
  };
  return Array.isArray(value) ? (value as Item[]).map(one).join(', ') : one(value);
}

export interface EvidenceRow {
  /** The raw key (kept for tests and the JSON export). */
  key: string;
  label: string;
  value: string;
}

function rows(evidence: Evidence, lookup: Lookup, locale: string | undefined): EvidenceRow[] {
  return Object.entries(evidence).map(([key, value]) => ({
    key,
    label: isLabelledKey(key) ? (lookup([`evidence_${key}`]) ?? key) : key,
    value: describeValue(key, value, lookup, locale),
  }));
}

const translatorLookup =
  (t: Translate): Lookup =>
  (candidates) => {
    for (const key of candidates) {
      const text = t(key);
      if (text && text !== key) return text;
    }
    return undefined;
  };

/** Evidence as the reader reads it: labelled keys, words and empty values, numbers in their language. */
export const describeEvidence = (evidence: Evidence, t: Translate): EvidenceRow[] =>
  rows(evidence, translatorLookup(t), localeOf(t));

/** The labels this evidence needs and a catalogue lacks: each entry lists the messages, any one of which would do. */
export function missingEvidenceLabels(evidence: Evidence, catalogue: Record<string, { message: string }>): string[] {
  const missing: string[] = [];
  rows(
    evidence,
    (candidates, optional) => {
      const found = candidates.find((key) => catalogue[key]?.message);
      if (!found && !optional) missing.push(candidates.join(' or '));
      return found && catalogue[found]!.message;
    },
    catalogue.lang?.message,
  );
  return missing;
}
