import type { Params } from '../engine/types';

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A number as the reader's language writes it: "2,4" in French, "2.4" in English. No
 * thousands separator: ports, years and versions ("3478", "49152–65535") must read as written.
 */
export function formatNumber(value: number, locale?: string): string {
  const key = locale ?? '';
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 3 });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** Singular or plural form for a count: French says "0 bloquant", "1 bloquant", "2 bloquants"; English "1 warning", "0 warnings". */
export const isSingular = (count: number, locale?: string) => new Intl.PluralRules(locale).select(count) === 'one';

/** `{name|singular|plural}`; either form may hold plain placeholders ("{count|la dernière|les {count} dernières}"). */
const PLURAL = /\{(\w+)\|((?:[^|{}]|\{\w+\})*)\|((?:[^|{}]|\{\w+\})*)\}/g;

/**
 * Fills placeholders. Messages keep named placeholders so translators see meaning:
 * `{name}` is the value (numbers written in `locale`), `{name|one|other}` is the singular or
 * plural form for the count `name` ("{count} {count|bloquant|bloquants}").
 */
export function fill(template: string, params?: Params, locale?: string): string {
  if (!params) return template;
  return template
    .replace(PLURAL, (whole, name: string, one: string, other: string) =>
      params[name] === undefined ? whole : isSingular(Number(params[name]), locale) ? one : other,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? formatNumber(value, locale) : String(value);
    });
}

/** The placeholder names a message uses, plural forms included (a translation must use the same). */
export const placeholderNames = (template: string) => [
  ...new Set([...template.matchAll(/\{(\w+)(?=[|}])/g)].map((m) => m[1]!)),
];

/** A translator: key + params → text. The extension uses browser.i18n; Node tools use messages.json. */
export type Translate = (key: string, params?: Params) => string;

/** A value made of lowercase words (`system`, `not readable`, `controlled_by_other_extensions`): a check's own word, English. */
export const isWordValue = (value: string) => /^(?=.*[a-z])[a-z0-9]+(?:[ _-][a-z0-9]+)*$/.test(value);

/**
 * The messages that label a word value, in order of preference: its meaning for that
 * evidence key or message parameter (`evidence_mode_system`), then its meaning anywhere
 * (`evidence_value_not_controllable`). Non-alphanumerics become `_` (i18n names allow no other).
 */
export function wordLabelKeys(name: string, value: string | boolean): string[] {
  const slug = String(value).replace(/[^A-Za-z0-9]+/g, '_');
  return [`evidence_${name}_${slug}`, `evidence_value_${slug}`];
}

/**
 * A translator over a message source (undefined when a message does not exist). Word
 * parameters of a check's message ("{mode}" = `system`) read as their evidence label
 * ("réglages du système") when one exists; numbers and plurals follow `locale`.
 */
export function makeTranslator(message: (key: string) => string | undefined, locale: string | undefined): Translate {
  const one = (name: string, value: string) =>
    isWordValue(value) ? (wordLabelKeys(name, value).map(message).find(Boolean) ?? value) : value;
  // A list of words ("timeout, dns") reads word by word, like a single one.
  const word = (name: string, value: string) =>
    value
      .split(', ')
      .map((part) => one(name, part))
      .join(', ');
  return (key, params) =>
    fill(
      message(key) ?? key,
      params &&
        Object.fromEntries(
          Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? word(name, value) : value]),
        ),
      locale,
    );
}

/** The language of a translator's catalogue (its `lang` message), for numbers and plurals. */
export const localeOf = (t: Translate) => t('lang');

/** A translator over a messages.json catalogue (tests, command-line tools). */
export const catalogueTranslator = (catalogue: Record<string, { message: string }>): Translate =>
  makeTranslator((key) => catalogue[key]?.message || undefined, catalogue.lang?.message);
