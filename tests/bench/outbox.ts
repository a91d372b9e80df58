/**
 * Reporting benchmark (prints figures, never asserts):
 *   npx tsx tests/bench/outbox.ts [--browser chromium|firefox] [--runs 5000] [--include full|summary]
 * Under `flock /tmp/e2e.lock` (it writes the machine-wide policy file and removes it).
 * The real built extension reports to a local OTLP receiver (tests/e2e/otlp-receiver.ts,
 * every request decoded with the official protos). One real run gives the template; 5,000
 * copies of its queued entry go into the extension's own outbox (IndexedDB
 * `readiness-outbox`); the next run then flushes all of them. Prints the time from that run's
 * end to the last 2xx, the requests (batches), the bytes per run on the wire, and the
 * extension's memory during the flush: the resident memory of the extension's process in both
 * browsers (tests/bench/processes.ts; sampled every 250 ms, and its lifetime peak), and in
 * Chromium the service worker's JS heap.
 */
import type { CDPSession } from 'puppeteer-core';
import {
  ACCEPT_PERMISSION_PROMPTS,
  giveReportingConsent,
  launch,
  readLastRun,
  runOnce,
  type BrowserName,
} from '../e2e/browsers';
import { startReceiver } from '../e2e/otlp-receiver';
import { writeManagedSettings } from '../e2e/policy-files';
import { settingsProfile, TEST_HOSTS } from '../e2e/profiles';
import { startHttp, startRawTcp } from '../e2e/servers';
import { extensionProcess, residentMB } from './processes';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const browserName = arg('browser', 'chromium') as BrowserName;
const count = Number(arg('runs', '5000'));
const include = arg('include', 'full');

const app = await startHttp((_req, res) => res.end('ok'));
const tcp = await startRawTcp('answer');
const receiver = await startReceiver();
const restore = writeManagedSettings(browserName, {
  profile: settingsProfile(app.port, tcp.port),
  reporting: { endpoint: receiver.url, headers: { Authorization: 'Bearer bench' }, include, maxQueuedRuns: 10_000 },
});
const harness = await launch(browserName, {
  loopbackHosts: Object.values(TEST_HOSTS),
  firefoxPrefs: ACCEPT_PERMISSION_PROMPTS,
});
// Firefox 140+ sends nothing before the user's data consent (docs/reporting.md): given as a user does.
await giveReportingConsent(harness);

/**
 * The extension's memory now, in MB: the resident memory of its process (both browsers, the
 * same measure), and in Chromium also the service worker's JS heap.
 */
const root = harness.browser.process()!.pid!;
let heap: (() => Promise<number>) | undefined;
if (browserName === 'chromium') {
  const worker = await harness.browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
  );
  let session: CDPSession | undefined;
  heap = async () => {
    session ??= await worker.createCDPSession();
    const { usedSize } = (await session.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / 1e6;
  };
}
const memory = async () => {
  const pid = extensionProcess(browserName, root);
  if (pid === undefined) throw new Error('no extension process found');
  return { pid, ...residentMB(pid), heap: heap ? await heap() : undefined };
};

try {
  // A real run, delivered: its queued form is the template.
  const template = await runOnce(harness);
  const page = await harness.openExtensionPage('options.html');
  for (let i = 0; i < 100 && !receiver.deliveredRunIds().includes(template.id); i++)
    await new Promise((r) => setTimeout(r, 100));
  const logsBody = receiver.received.find((r) => r.path === '/v1/logs')!;
  const resourceLogs = logsBody.body.resourceLogs as { scopeLogs: { logRecords: unknown[] }[] }[];
  const record = resourceLogs[0]!.scopeLogs[0]!.logRecords[0];
  const { resourceFacts, metricPoints } = await import('../../utils/reporting/otlp');
  const entry = {
    runId: '',
    queuedAt: 0,
    facts: resourceFacts(template),
    log: record,
    metrics: metricPoints(template),
  };

  await page.evaluate(
    `(async () => {
      const entry = ${JSON.stringify(entry)};
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('readiness-outbox');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const bytes = JSON.stringify(entry.log).length;
      for (let start = 0; start < ${count}; start += 500) {
        await new Promise((resolve, reject) => {
          const tx = db.transaction('runs', 'readwrite');
          for (let i = start; i < Math.min(${count}, start + 500); i++) {
            const e = structuredClone(entry);
            e.runId = 'bench-' + i;
            e.queuedAt = Date.now() - (${count} - i) * 1000;
            e.bytes = bytes;
            e.log.attributes[0].value.stringValue = e.runId;
            tx.objectStore('runs').put(e);
          }
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    })()`,
  );
  const before = receiver.received.length;
  const baseline = await memory();
  let peak = { rss: baseline.rss, heap: baseline.heap ?? 0 };
  // Reading /proc takes milliseconds of this process's time: every 250 ms, so the receiver keeps its pace.
  const sampling = setInterval(
    () =>
      void memory().then(
        (m) => (peak = { rss: Math.max(peak.rss, m.rss), heap: Math.max(peak.heap, m.heap ?? 0) }),
        () => undefined,
      ),
    250,
  );
  const flushed = await runOnce(harness);
  const wanted = new Set([flushed.id, ...Array.from({ length: count }, (_, i) => `bench-${i}`)]);
  const started = Date.now();
  for (;;) {
    const delivered = new Set(receiver.deliveredRunIds());
    const metricsDone = receiver.received.at(-1)?.path === '/v1/metrics';
    if ([...wanted].every((id) => delivered.has(id)) && metricsDone) break;
    if (Date.now() - started > 600_000) throw new Error('not flushed within 10 minutes');
    await new Promise((r) => setTimeout(r, 50));
  }
  clearInterval(sampling);
  const requests = receiver.received.slice(before);
  const logs = requests.filter((r) => r.path === '/v1/logs');
  const ids = receiver.deliveredRunIds();
  const duplicates = ids.length - new Set(ids).size;
  const bytes = requests.reduce((sum, r) => sum + r.bytes, 0);
  const end = requests.at(-1)!.at;
  const last = await readLastRun(page);
  console.log(
    JSON.stringify(
      {
        browser: browserName,
        include,
        runs: wanted.size,
        flushSeconds: Number(((end - (last?.finishedAt ?? flushed.finishedAt!)) / 1000).toFixed(2)),
        logsRequests: logs.length,
        metricsRequests: requests.length - logs.length,
        failedRequests: requests.filter((r) => r.status >= 300).length,
        bytesPerRun: Math.round(bytes / wanted.size),
        logBytesPerRun: Math.round(logs.reduce((s, r) => s + r.bytes, 0) / wanted.size),
        duplicates,
        invalid: receiver.invalid.length,
        memoryMB: memoryFigures(baseline, peak, await memory()),
      },
      null,
      2,
    ),
  );
} finally {
  await harness.close();
  restore();
  await receiver.close();
  await app.stop();
  await tcp.stop();
}

type Memory = { pid: number; rss: number; hwm: number; heap?: number };

/** Before the flush, the peak sampled during it, after it, and the process's lifetime peak (VmHWM). */
function memoryFigures(before: Memory, peak: { rss: number; heap: number }, after: Memory) {
  const mb = (n: number) => Number(n.toFixed(1));
  return {
    extensionProcessRss: {
      before: mb(before.rss),
      peak: mb(peak.rss),
      after: mb(after.rss),
      lifetimePeak: mb(after.hwm),
    },
    samePid: before.pid === after.pid,
    ...(before.heap !== undefined && {
      serviceWorkerHeap: { before: mb(before.heap), peak: mb(peak.heap), after: mb(after.heap ?? 0) },
    }),
  };
}
