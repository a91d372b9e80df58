/**
 * Real screenshots of the popup for README.md and docs/, from the built extension in Chromium.
 *   npx tsx tests/tools/screenshot.ts   → tests/screenshots/popup-{en,fr}.png
 */
import { mkdirSync } from 'node:fs';
import { launch, waitForFinishedRun } from '../e2e/browsers';

mkdirSync('tests/screenshots', { recursive: true });
for (const language of ['en', 'fr'] as const) {
  const harness = await launch('chromium', { language });
  try {
    const page = await harness.openExtensionPage('popup.html');
    await page.setViewport({ width: 460, height: 900, deviceScaleFactor: 1 });
    await waitForFinishedRun(page);
    await page.click('li.row summary');
    await page.waitForSelector('li.row .row-body');
    await page.screenshot({ path: `tests/screenshots/popup-${language}.png`, fullPage: true });
  } finally {
    await harness.close();
  }
}
