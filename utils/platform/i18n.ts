import { browser } from 'wxt/browser';
import { fill, type Translate } from '../i18n/format';

/** Translates through browser.i18n (the browser's UI language; French is the default locale). */
export const t: Translate = (key, params) =>
  fill((browser.i18n.getMessage as (name: string) => string)(key) || key, params);
