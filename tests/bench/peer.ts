/**
 * The benchmark's peer: Jitsi's `@jitsi/precall-test` (npm), bundled with esbuild into a plain
 * page served from http://127.0.0.1 (TESTBED.md), run in the browser under test against the
 * same coturn. `start(iceServers)` resolves `{ throughput (kbit/s of 1024 bits), fractionalLoss,
 * rtt, jitter }`. The same page also carries the extension's own media-path measurement
 * (`utils/platform/webrtc/`) so both can be run side by side outside the extension.
 */
import { build } from 'esbuild';
import type { Page } from 'puppeteer-core';
import type { Harness } from '../e2e/browsers';
import { startHttp, type Http } from '../e2e/servers';

const ENTRY = `
import PreCallTest from '@jitsi/precall-test';
import { probeIce } from './utils/platform/webrtc/ice';
import { NO_RETRANSMISSION, measureMediaPath, throughput, until } from './utils/platform/webrtc/media-path';
window.runPeer = (iceServers) => new PreCallTest().start(iceServers);
window.measureMediaPath = measureMediaPath;
window.probeIce = probeIce;
// The same sender and counting as the media path, on a direct loopback channel (host candidates,
// no relay): what the browser itself moves here, the ceiling without coturn.
window.runDirect = async (ms) => {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate).catch(() => undefined);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate).catch(() => undefined);
  try {
    const bulk = a.createDataChannel('bulk', NO_RETRANSMISSION);
    let remote;
    b.ondatachannel = (e) => (remote = e.channel);
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription);
    const deadline = performance.now() + 10000 + 2 * ms;
    await until(() => bulk.readyState === 'open' && remote?.readyState === 'open', deadline);
    bulk.binaryType = remote.binaryType = 'arraybuffer';
    return { upMbps: await throughput(bulk, remote, ms, deadline), downMbps: await throughput(remote, bulk, ms, deadline) };
  } finally {
    a.close();
    b.close();
  }
};
`;

export interface PeerResult {
  /** kbit/s as the peer reports it (1 kbit = 1024 bits, see its averageThroughput). */
  throughput: number | null;
  fractionalLoss: number | null;
  rtt: number | null;
  jitter: number | null;
  mediaConnectivity: boolean;
}

export interface PeerPage {
  page: Page;
  run(turnPort: number): Promise<PeerResult>;
  /** The media path's sender on a direct loopback channel (no relay), Mb/s each way. */
  direct(measureMs: number): Promise<{ upMbps: number; downMbps: number }>;
  close(): Promise<void>;
}

let bundled: Promise<string> | undefined;
const bundle = () =>
  (bundled ??= build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    define: { 'import.meta.env.TEST_NO_ICE_ERROR_EVENT': 'false' },
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text));

/** Serves the peer page on loopback and opens it in a tab of the harness's browser. */
export async function openPeer(harness: Harness): Promise<PeerPage> {
  const script = await bundle();
  const http: Http = await startHttp((req, res) => {
    if (req.url === '/peer.js') {
      res.setHeader('content-type', 'text/javascript');
      return res.end(script);
    }
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>peer</title><script src="/peer.js"></script>');
  });
  const page = await harness.browser.newPage();
  await page.goto(`http://127.0.0.1:${http.port}/`, { waitUntil: 'load' });
  return {
    page,
    run: (turnPort) =>
      page.evaluate(
        (port) =>
          (window as unknown as { runPeer(s: unknown): Promise<PeerResult> }).runPeer([
            { urls: `turn:127.0.0.1:${port}?transport=udp`, username: 'test', credential: 'test' },
          ]),
        turnPort,
      ),
    direct: (measureMs) =>
      page.evaluate(
        (ms) =>
          (window as unknown as { runDirect(ms: number): Promise<{ upMbps: number; downMbps: number }> }).runDirect(ms),
        measureMs,
      ),
    async close() {
      await page.close().catch(() => undefined);
      await http.stop();
    },
  };
}
