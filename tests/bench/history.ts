/**
 * History benchmark (prints figures, never asserts):
 *   npx tsx tests/bench/history.ts [--browser chromium|firefox] [--runs 5000]
 * Stores a real run from this machine, copies it into the browser's IndexedDB as 5,000
 * runs, then opens the report page and reads its "history painted" mark. Prints the time
 * to render the history view (target < 300 ms), the page's DOMContentLoaded in the same
 * open (baseline), and the stored bytes per run (storage estimate before and after).
 */
import { launch, readLastRun, waitForNewRun, type BrowserName } from '../e2e/browsers';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const browserName = arg('browser', 'chromium') as BrowserName;
const count = Number(arg('runs', '5000'));

const harness = await launch(browserName);
try {
  const page = await harness.openExtensionPage('options.html');
  const popup = await harness.openExtensionPage('popup.html');
  const template = await waitForNewRun(page, (await readLastRun(page))?.id);
  await popup.close();
  const { before, after } = (await page.evaluate(
    `(async () => {
      const template = ${JSON.stringify(template)};
      const usage = async () => (await navigator.storage.estimate()).usage;
      const before = await usage();
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('readiness-history');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const statuses = Object.fromEntries(template.diagnostics.map((d) => [d.checkId, d.status]));
      for (let start = 0; start < ${count}; start += 500) {
        await new Promise((resolve, reject) => {
          const tx = db.transaction(['runs', 'summaries'], 'readwrite');
          for (let i = start; i < Math.min(${count}, start + 500); i++) {
            const id = 'bench-' + i;
            const startedAt = template.startedAt - i * 60000;
            tx.objectStore('runs').put({ ...template, id, startedAt, finishedAt: startedAt + 900 });
            tx.objectStore('summaries').put({ id, startedAt, finishedAt: startedAt + 900, overall: template.overall,
              counts: { pass: 2, warn: 2, fail: 1, manual: 15, error: 0, toConfirm: 13 }, profileName: template.profile.name,
              profileSource: template.profile.source, statuses });
          }
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
      return { before, after: await usage() };
    })()`,
  )) as { before: number; after: number };

  const times: { dcl: number; painted: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const report = await harness.openExtensionPage('report.html');
    await report.waitForFunction(() => performance.getEntriesByName('readiness:history-painted').length > 0, {
      timeout: 30_000,
    });
    times.push(
      await report.evaluate(() => ({
        dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
        painted: performance.getEntriesByName('readiness:history-painted')[0]!.startTime,
      })),
    );
    await report.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const painted = median(times.map((t) => t.painted));
  const dcl = median(times.map((t) => t.dcl));
  console.log(`history benchmark (${browserName}): ${count} stored runs, median of 5 opens of the report page`);
  console.log(`  DOMContentLoaded (baseline): ${dcl.toFixed(0)} ms`);
  console.log(
    `  history view painted: ${painted.toFixed(0)} ms from navigation start (${(painted / dcl).toFixed(2)}x DCL; target < 300 ms)`,
  );
  console.log(
    `  stored bytes per run: ${((after - before) / count).toFixed(0)} (storage estimate), JSON of one run: ${JSON.stringify(template).length} bytes`,
  );
} finally {
  await harness.close();
}
