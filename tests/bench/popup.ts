/**
 * Popup benchmark: prints figures, never asserts (the machine is noisy).
 *   npx tsx tests/bench/popup.ts [--browser chromium|firefox] [--runs 15]
 * Needs the build (.output). Figures:
 *  - popup JS + CSS shipped, gzipped (everything popup.html loads);
 *  - per open: DOMContentLoaded of the popup page (baseline, same run), last known verdict
 *    painted (the first of: the snapshot painted before the modules load, the stored run
 *    painted by the popup's code; each also printed alone), fresh full verdict painted;
 *    median and p95 over the opens, and ratios to DCL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUILD_DIRS, launch, waitForFinishedRun, type BrowserName } from '../e2e/browsers';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const browserName = arg('browser', 'chromium') as BrowserName;
const runs = Number(arg('runs', '15'));

function popupAssets(dir: string): string[] {
  const html = readFileSync(join(dir, 'popup.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  // Follow static imports of the entry chunk so shared chunks count too.
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    const code = readFileSync(join(dir, file), 'utf8');
    for (const m of code.matchAll(/(?:import|from)\s*["'`]\.{0,2}\/?([^"'`]+\.js)["'`]/g)) {
      const target = m[1]!.startsWith('chunks/') ? m[1]! : join('chunks', m[1]!.replace(/^.*\//, ''));
      visit(target);
    }
  };
  refs.forEach(visit);
  return [...seen];
}

const quantile = (values: number[], q: number) => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
};
const fmt = (n: number) => `${n.toFixed(0)} ms`;

const dir = BUILD_DIRS[browserName];
const assets = popupAssets(dir);
const gz = assets.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f))).length, 0);
console.log(`popup assets (${browserName}): ${assets.join(', ')}`);
console.log(`popup JS+CSS gzipped: ${(gz / 1024).toFixed(1)} KB (target < 40 KB)`);

const harness = await launch(browserName);
try {
  // One cold run first so a last known verdict exists, as on a workstation in use.
  const first = await harness.openExtensionPage('popup.html');
  const coldStart = Date.now();
  await waitForFinishedRun(first, 60_000);
  console.log(`first run after browser start (cold storage): ${fmt(Date.now() - coldStart)}`);
  await first.close();

  const dcl: number[] = [];
  const snapshot: number[] = [];
  const stored: number[] = [];
  const last: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await harness.openExtensionPage('popup.html');
    await waitForFinishedRun(page);
    await page.waitForFunction(() => performance.getEntriesByName('readiness:fresh-verdict-painted').length > 0);
    const t = await page.evaluate(() => ({
      dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      snapshot: performance.getEntriesByName('readiness:snapshot-painted')[0]?.startTime ?? NaN,
      stored: performance.getEntriesByName('readiness:last-verdict-painted')[0]?.startTime ?? NaN,
      full: performance.getEntriesByName('readiness:fresh-verdict-painted')[0]?.startTime ?? NaN,
    }));
    dcl.push(t.dcl);
    snapshot.push(t.snapshot);
    stored.push(t.stored);
    // NaN (no snapshot painted) never wins.
    last.push(Math.min(...[t.snapshot, t.stored].filter((v) => !Number.isNaN(v))));
    full.push(t.full);
    await page.close();
  }
  const row = (label: string, values: number[]) =>
    console.log(
      `${label.padEnd(34)} median ${fmt(quantile(values, 0.5)).padStart(7)}  p95 ${fmt(quantile(values, 0.95)).padStart(7)}  ratio to DCL ${(quantile(values, 0.5) / quantile(dcl, 0.5)).toFixed(2)}x`,
    );
  console.log(`${runs} opens of popup.html, times from navigation start:`);
  row('DOMContentLoaded (baseline)', dcl);
  row('  from the snapshot', snapshot);
  row('  from the stored run', stored);
  row('last known verdict painted', last);
  console.log(`opens with the snapshot painted: ${snapshot.filter((v) => !Number.isNaN(v)).length} of ${runs}`);
  row('fresh full verdict painted', full);
  console.log('target: last known verdict painted < 150 ms and ≤ 1.1x DOMContentLoaded');
} finally {
  await harness.close();
}
