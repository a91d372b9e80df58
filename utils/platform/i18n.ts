import { browser } from 'wxt/browser';
import { makeTranslator } from '../i18n/format';

const message = (name: string) => (browser.i18n.getMessage as (name: string) => string)(name) || undefined;

/**
 * Translates through browser.i18n (the browser's UI language; French is the default locale).
 * Numbers and plurals follow the language of the messages shown (their `lang` message), not
 * the UI language: a German browser reads the French messages with French numbers.
 */
export const t = makeTranslator(message, message('lang'));
