/**
 * Network benchmark (prints figures, never asserts):
 *   npx tsx tests/bench/network.ts [--browser chromium|firefox]
 * Real coturn processes on loopback (one per environment), the built extension in a real browser.
 *  - the network suite's time to verdict: reachability (STUN, TURN/UDP, TURN/TCP verdicts) and
 *    the whole suite with the media path;
 *  - the floor: a bare RTCPeerConnection gathering against the same servers, same browser;
 *  - their ratio (target: reachability within 1.5x the floor);
 *  - the media path's throughput on loopback (it must reach at least 20 Mb/s).
 */
import { importProfile, launch, readLastRun, waitForNewRun, type BrowserName } from '../e2e/browsers';
import { networkProfile, TEST_HOSTS } from '../e2e/profiles';
import { startHttp, startRawTcp, startTurn } from '../e2e/servers';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const browserName = arg('browser', 'chromium') as BrowserName;
const runs = Number(arg('runs', '3'));

const turns = [await startTurn(), await startTurn()];
const http = await startHttp((_req, res) => res.end('ok'));
const tcp = await startRawTcp('answer');
const profile = networkProfile({
  portal: http.port,
  sig1: http.port,
  sig2: http.port,
  tlm: tcp.port,
  tlm2: tcp.port,
  env1: [turns[0]!.port],
  env2: [turns[1]!.port],
  credentials: { username: 'test', credential: 'test' },
  probeMs: 4000,
  networkSuiteMs: 12000,
});
/** Bare gathering, in the page: ms until "complete". Source text, so no bundler helper leaks into the page. */
const GATHER = `async (iceUrls) => {
  const started = performance.now();
  const pc = new RTCPeerConnection({ iceServers: [{ urls: iceUrls, username: 'test', credential: 'test' }] });
  pc.createDataChannel('floor');
  const done = new Promise((resolve) => {
    pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    setTimeout(resolve, 15000);
  });
  await pc.setLocalDescription(await pc.createOffer());
  await done;
  pc.close();
  return performance.now() - started;
}`;

const harness = await launch(browserName, { loopbackHosts: Object.values(TEST_HOSTS) });
try {
  const options = await importProfile(harness, JSON.stringify(profile));
  await options.waitForFunction(
    () => document.querySelector('#active-profile')?.getAttribute('data-profile-id') === 'e2e-network',
  );

  const urls = profile.network.media.environments.flatMap((env) =>
    env.servers.flatMap((s) => [
      `stun:127.0.0.1:${s.port}`,
      `turn:127.0.0.1:${s.port}?transport=udp`,
      `turn:127.0.0.1:${s.port}?transport=tcp`,
    ]),
  );
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const reach: number[] = [];
  const suite: number[] = [];
  const floors: number[] = [];
  const isolated: number[] = [];
  let up = 0;
  let down = 0;
  for (let i = 0; i < runs; i++) {
    const before = await readLastRun(options);
    const popup = await harness.openExtensionPage('popup.html');
    const run = await waitForNewRun(options, before?.id, 60_000);
    await popup.close();
    const byId = (id: string) => run.diagnostics.find((d) => d.checkId === id)!;
    reach.push(Math.max(...['stun', 'turn-udp', 'turn-tcp'].map((id) => byId(id).durationMs)));
    console.log(
      'probes',
      JSON.stringify(['stun', 'turn-udp', 'turn-tcp'].map((id) => [byId(id).durationMs, byId(id).evidence.probes])),
    );
    suite.push(
      Math.max(
        ...['https-endpoints', 'tcp-hosts', 'stun', 'turn-udp', 'turn-tcp', 'media-path'].map(
          (id) => byId(id).durationMs,
        ),
      ),
    );
    const path = byId('media-path').evidence;
    up = Math.max(up, Number(path.upMbps ?? 0));
    down = Math.max(down, Number(path.downMbps ?? 0));
    // The floor: one bare peer connection gathering against the same servers, in the same browser.
    floors.push(Number(await options.evaluate(`(${GATHER})(${JSON.stringify(urls)})`)));
    // The same, one peer connection per server and transport (what the checks must do to name the transport).
    isolated.push(
      Number(
        await options.evaluate(
          `Promise.all(${JSON.stringify(urls)}.map((u) => (${GATHER})([u]))).then((t) => Math.max(...t))`,
        ),
      ),
    );
  }
  const r = median(reach);
  const f = median(floors);
  console.log(`network benchmark (${browserName}), median of ${runs} runs, 2 coturn servers × 3 transports`);
  console.log(`  reachability verdicts (STUN, TURN/UDP, TURN/TCP): ${r.toFixed(0)} ms`);
  console.log(`  bare RTCPeerConnection gathering, same servers (floor): ${f.toFixed(0)} ms`);
  console.log(`  ratio: ${(r / f).toFixed(2)}x (target ≤ 1.5x)`);
  console.log(
    `  same servers, one bare peer connection per server and transport: ${median(isolated).toFixed(0)} ms (ratio ${(r / median(isolated)).toFixed(2)}x)`,
  );
  console.log(`  whole network suite incl. media path: ${median(suite).toFixed(0)} ms`);
  console.log(`  media path throughput on loopback, best run: ${up} Mb/s up, ${down} Mb/s down (must reach ≥ 20 Mb/s)`);
} finally {
  await harness.close();
  for (const t of turns) await t.stop();
  await http.stop();
  await tcp.stop();
}
