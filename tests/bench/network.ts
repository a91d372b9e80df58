/**
 * Network benchmark (prints figures, never asserts):
 *   npx tsx tests/bench/network.ts [--browser chromium|firefox]
 * Real coturn processes on loopback (one per environment), the built extension in a real browser.
 *  - the network suite's time to verdict: reachability (STUN, TURN/UDP, TURN/TCP verdicts) and
 *    the whole suite with the media path;
 *  - the floor: a bare RTCPeerConnection gathering against the same servers, same browser, in
 *    one connection for all servers and in one connection per server and transport (all at once,
 *    until the last completes); the fastest floor is the faster of the two in each run;
 *  - their ratio (target: reachability within 1.5x the fastest floor);
 *  - the media path on loopback, once per run (--runs, 5 by default): throughput each way, its
 *    spread (max/min, target ≤ 1.3), RTT, jitter and loss;
 *  - the peer: Jitsi's @jitsi/precall-test in a page of the same browser against the same coturn,
 *    once per run, and the ratios of the extension's figures to its own (tests/bench/peer.ts);
 *  - the same sender on a direct loopback channel (no relay) in that page, once per run: the
 *    browser's own ceiling, to tell the relay's cost from the browser's;
 *  - during each of those: UDP datagrams the kernel dropped at coturn's and at the browser's
 *    sockets, and the machine's CPU in the busiest second (tests/bench/machine.ts).
 */
import { importProfile, launch, readLastRun, waitForNewRun, type BrowserName } from '../e2e/browsers';
import { networkProfile, TEST_HOSTS } from '../e2e/profiles';
import { startHttp, startRawTcp, startTurn } from '../e2e/servers';
import { sampleMachine, type MachineSample } from './machine';
import { openPeer, type PeerResult } from './peer';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const browserName = arg('browser', 'chromium') as BrowserName;
const runs = Number(arg('runs', '5'));

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
  const slowestSingle: number[] = [];
  const fastest: number[] = [];
  const paths: Record<string, number>[] = [];
  const peers: PeerResult[] = [];
  const directs: { upMbps: number; downMbps: number }[] = [];
  const machines: Record<'run' | 'peer' | 'direct', MachineSample[]> = { run: [], peer: [], direct: [] };
  /** `work`, with what the machine did meanwhile added to `into`. */
  const sampled = async <T>(into: MachineSample[], work: () => Promise<T>): Promise<T> => {
    const machine = sampleMachine();
    try {
      return await work();
    } finally {
      into.push(machine.stop());
    }
  };
  const peer = await openPeer(harness);
  for (let i = 0; i < runs; i++) {
    const before = await readLastRun(options);
    const { popup, run } = await sampled(machines.run, async () => {
      const popup = await harness.openExtensionPage('popup.html');
      return { popup, run: await waitForNewRun(options, before?.id, 60_000) };
    });
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
    if (path.upMbps === undefined)
      for (const id of ['stun', 'turn-udp', 'media-path']) console.log('did not measure:', JSON.stringify(byId(id)));
    paths.push(
      Object.fromEntries(
        ['upMbps', 'downMbps', 'rttMedianMs', 'jitterMs', 'lossPercent'].map((k) => [k, Number(path[k] ?? NaN)]),
      ),
    );
    // The floor: one bare peer connection gathering against the same servers, in the same browser.
    floors.push(Number(await options.evaluate(`(${GATHER})(${JSON.stringify(urls)})`)));
    // The same, one peer connection per server and transport (what the checks must do to name the
    // transport), all started at once: the time until the last one completes, from before the first
    // is created (creating a connection is synchronous, so the ones created later wait for it), which
    // is what the checks' clock counts. The slowest single connection's own time is printed beside it.
    const perServer = (await options.evaluate(
      `(async () => { const t0 = performance.now(); const each = await Promise.all(${JSON.stringify(urls)}.map((u) => (${GATHER})([u]))); return [performance.now() - t0, Math.max(...each)]; })()`,
    )) as [number, number];
    isolated.push(perServer[0]);
    slowestSingle.push(perServer[1]);
    fastest.push(Math.min(floors.at(-1)!, isolated.at(-1)!));
    // The peer, same browser, same coturn, same run.
    peers.push(await sampled(machines.peer, () => peer.run(turns[0]!.port)));
    // The same sender on a direct loopback channel (no relay): the browser's own ceiling here.
    directs.push(await sampled(machines.direct, () => peer.direct(profile.bandwidth.measureMs)));
    console.log(
      'media path',
      JSON.stringify(paths.at(-1)),
      'peer',
      JSON.stringify(peers.at(-1)),
      'direct',
      JSON.stringify(directs.at(-1)),
    );
  }
  await peer.close();
  const r = median(reach);
  const f = median(fastest);
  const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  console.log(`network benchmark (${browserName}), median of ${runs} runs, 2 coturn servers × 3 transports`);
  console.log(`  reachability verdicts (STUN, TURN/UDP, TURN/TCP): ${r.toFixed(0)} ms`);
  console.log(
    `  bare gathering, same servers: one connection ${median(floors).toFixed(0)} ms, one per server and transport ${median(isolated).toFixed(0)} ms until the last completes (the slowest connection alone: ${median(slowestSingle).toFixed(0)} ms)`,
  );
  console.log(`  fastest floor (the faster of the two, per run): ${f.toFixed(0)} ms`);
  console.log(`  ratio to the fastest floor: ${(r / f).toFixed(2)}x (target ≤ 1.5x)`);
  console.log(`  whole network suite incl. media path: ${median(suite).toFixed(0)} ms`);
  const series = (k: string) => paths.map((p) => p[k]!);
  const spread = (values: number[]) => Math.max(...values) / Math.min(...values);
  for (const [label, k] of [
    ['up', 'upMbps'],
    ['down', 'downMbps'],
  ] as const)
    console.log(
      `  media path throughput ${label} (Mb/s): ${series(k).join(', ')}; median ${fixed(median(series(k)))}, spread max/min ${fixed(spread(series(k)), 2)} (targets ≥ 100 Mb/s, ≤ 1.3)`,
    );
  for (const k of ['upMbps', 'downMbps'] as const) {
    const values = directs.map((d) => d[k]);
    console.log(
      `  same sender, direct loopback channel without relay, ${k === 'upMbps' ? 'up' : 'down'} (Mb/s): ${values.join(', ')}; median ${fixed(median(values))}, spread ${fixed(spread(values), 2)}`,
    );
  }
  // Where datagrams were lost and how busy the machine was, per measurement (see machine.ts).
  for (const [label, k] of [
    ['the run (media path included)', 'run'],
    ['the peer', 'peer'],
    ['the direct channel', 'direct'],
  ] as const) {
    const m = machines[k];
    console.log(
      `  during ${label}: UDP datagrams dropped by coturn's sockets ${m.map((x) => x.dropped.coturn).join(', ')}, by the browser's ${m.map((x) => x.dropped.browser).join(', ')}; ` +
        `machine CPU in the busiest second ${m.map((x) => x.busiestSecondCpu).join(', ')} % (of ${m[0]?.cores ?? '?'} cores × 100 %)`,
    );
  }
  // The peer reports kbit/s of 1024 bits (its averageThroughput), one direction (its first peer to its second).
  const peerMbps = peers.map((p) => ((p.throughput ?? NaN) * 1024) / 1e6);
  // With no echo at all, the peer's RTT test reports its own timeout (500 ms, jitter √500): no figure.
  const echoed = peers.filter((p) => !(p.rtt === 500 && p.jitter === Math.sqrt(500)));
  if (echoed.length < peers.length)
    console.log(
      `  peer: its RTT test got no echo in ${peers.length - echoed.length} of ${peers.length} runs (it then reports its 500 ms timeout); RTT and jitter below are from the other runs`,
    );
  const peerRtt = median(echoed.map((p) => p.rtt ?? NaN));
  const peerJitter = median(echoed.map((p) => p.jitter ?? NaN));
  const peerLoss = median(peers.map((p) => (p.fractionalLoss ?? NaN) * 100));
  console.log(
    `  peer @jitsi/precall-test throughput (Mb/s): ${peerMbps.map((n) => fixed(n)).join(', ')}; median ${fixed(median(peerMbps))}, spread ${fixed(spread(peerMbps), 2)}`,
  );
  const ours = (k: string) => median(series(k));
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}x` : 'n/a');
  console.log(
    `  extension / peer: throughput up ${ratio(ours('upMbps'), median(peerMbps))}, down ${ratio(ours('downMbps'), median(peerMbps))}; ` +
      `RTT ${fixed(ours('rttMedianMs'), 2)} / ${fixed(peerRtt, 2)} ms (${ratio(ours('rttMedianMs'), peerRtt)}); ` +
      `jitter ${fixed(ours('jitterMs'), 2)} / ${fixed(peerJitter, 2)} ms (${ratio(ours('jitterMs'), peerJitter)}); ` +
      `loss ${fixed(ours('lossPercent'), 2)} / ${fixed(peerLoss, 2)} %`,
  );
} finally {
  await harness.close();
  for (const t of turns) await t.stop();
  await http.stop();
  await tcp.stop();
}
