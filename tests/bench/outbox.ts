/**
 * Reporting benchmark (prints figures, never asserts):
 *   npx tsx tests/bench/outbox.ts [--browser chromium|firefox] [--runs 5000] [--include full|summary]
 * Under `flock /tmp/e2e.lock` (it writes the machine-wide policy file and removes it).
 * The real built extension reports to a local OTLP receiver (tests/e2e/otlp-receiver.ts,
 * every request decoded with the official protos). One real run gives the template; 5,000
 * copies of its queued entry go into the extension's own outbox (IndexedDB
 * `readiness-outbox`); the next run then flushes all of them. Prints the time from that run's
 * end to the last 2xx, the requests (batches), the bytes per run on the wire, and the
 * extension's memory during the flush (Chromium: the service worker's JS heap; Firefox: the
 * resident memory of its extension process).
 */
import { readdirSync, readFileSync } from 'node:fs';
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

/** The extension's memory now, in MB, and what was measured. */
let memory: () => Promise<number>;
let measure = browserName === 'chromium' ? 'service worker JS heap used' : 'extension process RSS';
if (browserName === 'chromium') {
  const worker = await harness.browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
  );
  let session: CDPSession | undefined;
  memory = async () => {
    session ??= await worker.createCDPSession();
    const { usedSize } = (await session.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / 1e6;
  };
} else {
  const root = harness.browser.process()?.pid;
  /** Firefox's processes under the one Puppeteer started, by parent id in /proc/<pid>/stat. */
  const descendants = (): number[] => {
    const parent = new Map<number, number>();
    for (const entry of readdirSync('/proc').filter((x) => /^\d+$/.test(x)))
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // Gone meanwhile.
      }
    const found: number[] = [];
    for (let level = [root!]; level.length > 0;) {
      level = [...parent.entries()].filter(([, ppid]) => level.includes(ppid)).map(([pid]) => pid);
      found.push(...level);
    }
    return found;
  };
  const rssMB = (pid: number) =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1000;
  memory = async () => {
    // The WebExtensions process is started with remote type "extension" as its last argument.
    const pid = descendants().find((p) => {
      try {
        // Firefox rewrites its command line as one string: the last word is the remote type.
        return (
          readFileSync(`/proc/${p}/cmdline`, 'utf8')
            .trim()
            .split(/[\0\s]+/)
            .at(-1) === 'extension'
        );
      } catch {
        return false;
      }
    });
    if (pid) return rssMB(pid);
    // No process of its own (extensions in the parent process): the whole browser, said so.
    measure = 'whole browser RSS (no extension process found)';
    return [root!, ...descendants()].reduce((sum, p) => {
      try {
        return sum + rssMB(p);
      } catch {
        return sum;
      }
    }, 0);
  };
}

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
  let peak = baseline;
  // Firefox: reading /proc takes milliseconds of this process's time: once a second, so the receiver keeps its pace.
  const sampling = setInterval(
    () =>
      void memory().then(
        (m) => (peak = Math.max(peak, m)),
        () => undefined,
      ),
    browserName === 'firefox' ? 1000 : 100,
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
        memoryMB: {
          before: Number(baseline.toFixed(1)),
          peak: Number(peak.toFixed(1)),
          after: Number((await memory()).toFixed(1)),
        },
        memoryMeasure: measure,
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
