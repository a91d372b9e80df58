/**
 * Scheduled-run benchmark (prints figures, never asserts):
 *   npx tsx tests/bench/schedule.ts [--browser chromium|firefox] [--runs 3] [--window 25]
 * Under `flock /tmp/e2e.lock` (it writes the machine-wide policy file and restores it).
 * The real built extension with the managed `schedule` key; nobody opens the popup. Each
 * round measures two windows of the same length in the same browser: a baseline (an
 * extension page opens, sets an alarm the extension ignores, closes) and a scheduled run
 * (the same page sets the extension's own start-up alarm instead: its real alarm path runs
 * the check in the background). Figures: the CPU time (user + system, /proc) of the process
 * that runs the extension's background (Chromium: the extension renderer with the service
 * worker and the offscreen document; Firefox: the extension process with the background page),
 * of the whole browser, and the run's own duration.
 */
import type { Page } from 'puppeteer-core';
import type { RunRecord } from '../../utils/run/types';
import { launch, readLastRun, waitForNewRun, type BrowserName } from '../e2e/browsers';
import { writeManagedSettings } from '../e2e/policy-files';
import { settingsProfile, TEST_HOSTS } from '../e2e/profiles';
import { startHttps, startRawTcp } from '../e2e/servers';
import { browserCpuMs, cpuMs, extensionProcess } from './processes';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const browserName = arg('browser', 'chromium') as BrowserName;
const rounds = Number(arg('runs', '3'));
const windowMs = Number(arg('window', '25')) * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// 200 everywhere (a 4xx over the test root reads as a filter in Firefox); media servers absent.
const web = await startHttps((_req, res) => res.end('ok'));
const tcp = await startRawTcp('answer');
const restore = writeManagedSettings(browserName, {
  profile: settingsProfile(web.port, tcp.port),
  schedule: { everyMinutes: 240, onStartup: true, jitterMinutes: 0 },
});
const harness = await launch(browserName, { loopbackHosts: Object.values(TEST_HOSTS) });
const root = harness.browser.process()!.pid!;

type Alarms = { alarms: { create(name: string, info: { when: number }): Promise<void> } };
/** Opens an extension page, sets an alarm a second from now, closes the page. */
async function setAlarm(name: string) {
  const page = await harness.openExtensionPage('options.html');
  await page.evaluate(async (alarm) => {
    const scope = globalThis as unknown as { browser?: Alarms; chrome?: Alarms };
    await (scope.browser ?? scope.chrome)!.alarms.create(alarm, { when: Date.now() + 1000 });
  }, name);
  await page.close();
}

async function lastRun(): Promise<RunRecord | undefined> {
  const page: Page = await harness.openExtensionPage('options.html');
  try {
    return await readLastRun(page);
  } finally {
    await page.close();
  }
}

/** CPU used during one window that starts by setting `alarm`. */
async function window(alarm: string) {
  const pid = extensionProcess(browserName, root);
  if (pid === undefined) throw new Error('no extension process found');
  const [ext0, all0, t0] = [cpuMs(pid), browserCpuMs(root), Date.now()];
  await setAlarm(alarm);
  await sleep(windowMs - (Date.now() - t0));
  const [ext1, all1, t1] = [cpuMs(pid), browserCpuMs(root), Date.now()];
  return {
    extensionMs: ext1 - ext0,
    browserMs: Math.round(all1 - all0),
    samePid: extensionProcess(browserName, root) === pid,
    start: t0,
    end: t1,
  };
}

type Cpu = { extensionMs: number; browserMs: number; samePid: boolean };
type Round = { baseline: Cpu; scheduled: Cpu; runMs: number; runInsideWindow: boolean; checks: number };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  // The policy's start-up check, at once: a warm-up, not measured.
  const page = await harness.openExtensionPage('options.html');
  let previous = await waitForNewRun(page, undefined, 60_000);
  await page.close();
  await sleep(5000);
  const results: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    const baseline = await window('bench-ignored');
    const scheduled = await window('readiness-startup');
    const run = await lastRun();
    if (!run || run.id === previous.id || run.trigger !== 'scheduled') throw new Error('no new scheduled run');
    previous = run;
    results.push({
      baseline: { extensionMs: baseline.extensionMs, browserMs: baseline.browserMs, samePid: baseline.samePid },
      scheduled: { extensionMs: scheduled.extensionMs, browserMs: scheduled.browserMs, samePid: scheduled.samePid },
      runMs: run.finishedAt! - run.startedAt,
      runInsideWindow: run.startedAt >= scheduled.start && run.finishedAt! <= scheduled.end,
      checks: run.diagnostics.length,
    });
  }
  const pick = (f: (r: Round) => number) => median(results.map(f));
  console.log(
    JSON.stringify(
      {
        browser: browserName,
        windowSeconds: windowMs / 1000,
        rounds: results,
        median: {
          extensionCpuMs: {
            baseline: pick((r) => r.baseline.extensionMs),
            scheduled: pick((r) => r.scheduled.extensionMs),
          },
          browserCpuMs: { baseline: pick((r) => r.baseline.browserMs), scheduled: pick((r) => r.scheduled.browserMs) },
          scheduledMinusBaseline: {
            extension: pick((r) => r.scheduled.extensionMs - r.baseline.extensionMs),
            browser: pick((r) => r.scheduled.browserMs - r.baseline.browserMs),
          },
          runMs: pick((r) => r.runMs),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await harness.close();
  restore();
  await web.stop();
  await tcp.stop();
}
