/**
 * The main job: a readiness report of THIS machine, produced by the built extension in a
 * real browser on the built-in profile, printed to the terminal.
 *   npx tsx tests/tools/readiness.ts [--browser chromium|firefox] [--lang en|fr] [--json]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueTranslator } from '../../utils/i18n/format';
import { exportRunJson } from '../../utils/report/json';
import { formatTextReport } from '../../utils/report/text';
import { launch, readLastRun, waitForFinishedRun, type BrowserName } from '../e2e/browsers';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const browserName = arg('browser', 'chromium') as BrowserName;
const lang = arg('lang', 'en') === 'fr' ? 'fr' : 'en';

const harness = await launch(browserName, { language: lang });
try {
  const page = await harness.openExtensionPage('popup.html');
  await waitForFinishedRun(page, 60_000);
  const run = await readLastRun(page);
  if (!run) throw new Error('the extension stored no run');
  if (process.argv.includes('--json')) {
    // The "Download JSON" export: redacted like every report.
    console.log(exportRunJson(run, Date.now()));
  } else {
    const catalogue = JSON.parse(readFileSync(join('.output/chrome-mv3/_locales', lang, 'messages.json'), 'utf8'));
    process.stdout.write(formatTextReport(run, catalogueTranslator(catalogue), -new Date().getTimezoneOffset()));
  }
} finally {
  await harness.close();
}
