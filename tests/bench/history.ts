/**
 * History benchmark (prints figures, never asserts):
 *   npx tsx tests/bench/history.ts [--browser chromium|firefox] [--runs 5000]
 * Stores a real run from this machine, copies it into the browser's IndexedDB as 5,000
 * older runs, then stores one more real run through the extension (so its own code keeps
 * the history's `recent` index, as on a workstation; the imported profile keeps 10,000 runs),
 * then opens the report page and reads its "history painted" mark. Prints the time to
 * render the history view's first screen (target ≤ 1.5x DOMContentLoaded), the page's
 * DOMContentLoaded in the same open (baseline), and the stored bytes per run (storage
 * estimate before and after).
 */
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import {
  importProfile,
  launch,
  readLastRun,
  runOnce,
  storedRunIds,
  waitForNewRun,
  type BrowserName,
} from '../e2e/browsers';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const browserName = arg('browser', 'chromium') as BrowserName;
const count = Number(arg('runs', '5000'));

const harness = await launch(browserName);
try {
  const keepMany = { ...structuredClone(BUILTIN_PROFILE), id: 'bench-history', name: 'Bench: 10,000 runs kept' };
  keepMany.history = { maxRuns: 10_000, maxAgeDays: 365 };
  await (await importProfile(harness, JSON.stringify(keepMany))).close();
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
  // One more run stored by the extension itself, on top of the 5,000.
  const newest = await runOnce(harness);
  console.log(
    `runs stored (${browserName}): ${await storedRunIds(page).then((ids) => ids.length)} after the extension stored run ${newest.id} under profile ${newest.profile.id}`,
  );

  const times: { dcl: number; painted: number; from: string; runs: string; first: string | null }[] = [];
  for (let i = 0; i < 5; i++) {
    const report = await harness.openExtensionPage('report.html');
    await report.waitForFunction(() => performance.getEntriesByName('readiness:history-painted').length > 0, {
      timeout: 30_000,
    });
    times.push(
      await report.evaluate(() => ({
        dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
        painted: performance.getEntriesByName('readiness:history-painted')[0]!.startTime,
        ...((performance.getEntriesByName('readiness:history-painted')[0] as PerformanceMark).detail as {
          from: string;
          runs: string;
        }),
        first: document.querySelector('.history li[data-run]')?.getAttribute('data-run') ?? null,
      })),
    );
    await report.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const painted = median(times.map((t) => t.painted));
  const dcl = median(times.map((t) => t.dcl));
  console.log(
    `history benchmark (${browserName}): ${times[0]!.runs} stored runs, median of 5 opens of the report page; first screen read from: ${[...new Set(times.map((t) => t.from))].join(', ')}; newest run listed first: ${times.every((t) => t.first === newest.id)}`,
  );
  console.log(`  DOMContentLoaded (baseline): ${dcl.toFixed(0)} ms`);
  console.log(
    `  history view painted: ${painted.toFixed(0)} ms from navigation start (${(painted / dcl).toFixed(2)}x DCL; target ≤ 1.5x)`,
  );
  console.log(
    `  stored bytes per run: ${((after - before) / count).toFixed(0)} (storage estimate), JSON of one run: ${JSON.stringify(template).length} bytes`,
  );
} finally {
  await harness.close();
}
