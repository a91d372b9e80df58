import { launch, readLastRun, waitForFinishedRun, waitForNewRun } from '../e2e/browsers';
import { networkProfile, TEST_HOSTS } from '../e2e/profiles';
import { startHttp, startRawTcp, startTurn } from '../e2e/servers';

const name = (process.argv[2] ?? 'chromium') as 'chromium' | 'firefox';
const turn = await startTurn();
const http = await startHttp((req, res) => { res.writeHead(req.url?.startsWith('/sync') ? 404 : 200, { 'content-type': 'text/plain' }); res.end('ok'); });
const tcp = await startRawTcp('answer');
const profile = networkProfile({ portal: http.port, sig1: http.port, sig2: http.port, tlm: tcp.port, tlm2: tcp.port, env1: [turn.port], env2: [turn.port], credentials: { username: 'test', credential: 'test' } });
const h = await launch(name, { loopbackHosts: Object.values(TEST_HOSTS) });
try {
  const options = await h.openExtensionPage('options.html');
  await options.waitForSelector('#profile-text');
  await options.$eval('#profile-text', (el, v) => { (el as HTMLTextAreaElement).value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, JSON.stringify(profile));
  await options.click('#import');
  await options.waitForFunction(() => document.querySelector('#active-profile')?.getAttribute('data-profile-id') === 'e2e-network');
  const before = await readLastRun(options);
  const t0 = Date.now();
  const page = await h.openExtensionPage('popup.html');
  const run = await waitForNewRun(page, before?.id, 60000);
  console.log('run ms', run.finishedAt! - run.startedAt, 'wall', Date.now() - t0);
  for (const d of run.diagnostics.filter((d) => d.category === 'network')) console.log(d.checkId, d.status, Math.round(d.durationMs), JSON.stringify(d.message.params), JSON.stringify(d.evidence));
} finally {
  await h.close(); await turn.stop(); await http.stop(); await tcp.stop();
}
