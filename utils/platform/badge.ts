import { browser } from 'wxt/browser';
import { badgeFor } from '../report/badge';
import type { RunRecord } from '../run/types';
import { t } from './i18n';

/** MV3 `action`, MV2 `browserAction` (Firefox ESR). */
const toolbarButton = () => browser.action ?? browser.browserAction;

export async function showBadge(run: RunRecord): Promise<void> {
  const badge = badgeFor(run, t);
  const button = toolbarButton();
  await Promise.all([
    button.setBadgeText({ text: badge.text }),
    button.setBadgeBackgroundColor({ color: badge.colour }),
    button.setTitle({ title: badge.title }),
  ]);
}

/** No run left (history cleared): no number, the extension's name as tooltip. */
export async function clearBadge(): Promise<void> {
  const button = toolbarButton();
  await Promise.all([button.setBadgeText({ text: '' }), button.setTitle({ title: t('extName') })]);
}
