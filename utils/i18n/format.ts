import type { Params } from '../engine/types';

/** Fills `{name}` placeholders. Messages keep named placeholders so translators see meaning. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** A translator: key + params → text. The extension uses browser.i18n; Node tools use messages.json. */
export type Translate = (key: string, params?: Params) => string;

/** A translator over a messages.json catalogue (tests, command-line tools). */
export function catalogueTranslator(catalogue: Record<string, { message: string }>): Translate {
  return (key, params) => fill(catalogue[key]?.message ?? key, params);
}
