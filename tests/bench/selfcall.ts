/**
 * Self-call benchmark (prints figures, never asserts):
 *   npx tsx tests/bench/selfcall.ts [--browser chromium|firefox] [--runs 3]
 * The built extension's device test page (devices.html) in a real browser with fake camera and
 * microphone, a real coturn on loopback (both environments on it), the profile's credentials:
 *  - from the click on "Run again" to the first frame received through the relay (the received
 *    video shows a picture), and to the call's verdict (the whole device test);
 *  - the floor, in the same page and run: a bare getUserMedia + two relay-only peer connections
 *    to the same coturn, until the first received frame (same criterion: the video has a size);
 *  - their ratio.
 */
import type { Page } from 'puppeteer-core';
import { FAKE_MEDIA, importProfile, launch, type BrowserName } from '../e2e/browsers';
import { answeringStartListening } from '../e2e/media';
import { callProfile } from '../e2e/profiles';
import { startTurn } from '../e2e/servers';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const browserName = arg('browser', 'chromium') as BrowserName;
const runs = Number(arg('runs', '3'));

/** Bare floor, in the page: ms from getUserMedia to the first frame shown through the relay. Source text (no bundler helper). */
const FLOOR = `async (port) => {
  const started = performance.now();
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  const config = {
    iceServers: [{ urls: ['turn:127.0.0.1:' + port + '?transport=udp'], username: 'test', credential: 'test' }],
    iceTransportPolicy: 'relay',
  };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate).catch(() => {});
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate).catch(() => {});
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  document.body.append(video);
  b.ontrack = (e) => { video.srcObject = e.streams[0]; };
  stream.getTracks().forEach((t) => a.addTrack(t, stream));
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  while (!video.videoWidth) {
    if (performance.now() - started > 20000) throw new Error('no frame');
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - started;
  a.close();
  b.close();
  stream.getTracks().forEach((t) => t.stop());
  video.remove();
  return ms;
}`;

/** Clicks "Run again" and times, in the page, the first relayed frame and the call's verdict. Source text, as FLOOR. */
const PAGE_RUN = `async () => {
  const started = performance.now();
  document.querySelector('#run-again').click();
  const status = () => document.querySelector('section.call')?.getAttribute('data-call-status') ?? '';
  // The previous call's verdict goes first: wait for the new call to start.
  while (status() !== 'running') {
    if (performance.now() - started > 60000) throw new Error('the call did not start');
    await new Promise((r) => setTimeout(r, 5));
  }
  let firstFrameMs = NaN;
  for (;;) {
    const video = document.querySelector('video.call-remote');
    if (Number.isNaN(firstFrameMs) && video?.videoWidth) firstFrameMs = performance.now() - started;
    if (!['running', 'idle'].includes(status())) return { firstFrameMs, verdictMs: performance.now() - started, status: status() };
    if (performance.now() - started > 60000) throw new Error('no verdict');
    await new Promise((r) => setTimeout(r, 5));
  }
}`;
type PageRun = { firstFrameMs: number; verdictMs: number; status: string };
/** One round; Firefox here asks for a click on "Start listening" each round, before the call: the bench clicks it. */
const pageRun = (page: Page) => answeringStartListening(page, page.evaluate(`(${PAGE_RUN})()`) as Promise<PageRun>);

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const turn = await startTurn();
const harness = await launch(browserName, FAKE_MEDIA);
try {
  const profile = callProfile(turn.port, { username: 'test', credential: 'test' });
  const options = await importProfile(harness, JSON.stringify(profile));
  await options.waitForFunction(
    () => document.querySelector('#active-profile')?.getAttribute('data-profile-id') === 'e2e-network',
  );
  const page = await harness.openExtensionPage('devices.html');
  // Opening the page runs the test once: let it finish before timing "Run again".
  await answeringStartListening(
    page,
    page.waitForFunction(
      () =>
        !['running', 'idle', null].includes(
          document.querySelector('section.call')?.getAttribute('data-call-status') ?? null,
        ),
      { timeout: 60_000 },
    ),
  );
  const product: PageRun[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.waitForFunction(`!document.querySelector('#run-again').disabled`);
    product.push(await pageRun(page));
    floor.push((await page.evaluate(`(${FLOOR})(${turn.port})`)) as number);
  }
  const engine = await page.evaluate(
    `document.querySelector('section.call tr[data-key="firstFrameMs"] td')?.textContent ?? '?'`,
  );
  const first = median(product.map((p) => p.firstFrameMs));
  const whole = median(product.map((p) => p.verdictMs));
  const bare = median(floor);
  console.log(`self-call benchmark, ${browserName}, ${runs} runs (medians), fake devices, coturn on loopback`);
  console.log(`  verdicts: ${product.map((p) => p.status).join(', ')}`);
  console.log(
    `  click → first frame through the relay: ${first.toFixed(0)} ms (runs: ${product.map((p) => p.firstFrameMs.toFixed(0)).join(', ')})`,
  );
  console.log(`  click → call verdict (whole device test): ${whole.toFixed(0)} ms`);
  console.log(`  call start → first frame (engine, last run's evidence): ${engine} ms`);
  console.log(
    `  floor, bare getUserMedia + relay pair → first frame: ${bare.toFixed(0)} ms (runs: ${floor.map((f) => f.toFixed(0)).join(', ')})`,
  );
  console.log(
    `  ratio first frame / floor: ${(first / bare).toFixed(1)}x; whole test / floor: ${(whole / bare).toFixed(1)}x`,
  );
} finally {
  await harness.close();
  await turn.stop();
}
