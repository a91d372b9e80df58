import { build } from 'esbuild';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutcome, CallSettings } from '../../utils/platform/selfcall';
import { launch, type BrowserName, type Harness } from './browsers';
import { startTurn, type Turn } from './servers';

/**
 * The self-call engine (utils/platform/selfcall.ts) in real browsers with fake camera and
 * microphone, through a real coturn on loopback. The engine is bundled as is and evaluated in
 * an extension page (its origin, its permissions), then driven from the test.
 */
const FAKE_MEDIA = {
  chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  firefoxPrefs: { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true },
};
const SETTINGS: CallSettings = { durationMs: 3000, minWidth: 320, minHeight: 240, minFps: 5, maxLossPct: 2 };

let engine = '';
beforeAll(async () => {
  const out = await build({
    entryPoints: [resolve('utils/platform/selfcall.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__selfCall',
    target: 'es2020',
    define: { 'import.meta.env.TEST_NO_ICE_ERROR_EVENT': 'false' },
  });
  engine = out.outputFiles[0]!.text;
});

interface Observed {
  outcome: CallOutcome;
  /** Received tracks' states once the call settled (ended: closed), and the local ones (still the page's). */
  remoteStates: string[];
  localStates: string[];
}

/** getUserMedia on the page (640×480 asked), then one call through the TURN server at `port`. */
function call(page: Page, port: number, credential: string, abortAfterMs?: number): Promise<Observed> {
  return page.evaluate(
    async (port, credential, settings, abortAfterMs) => {
      type Engine = { runSelfCall(o: unknown): Promise<CallOutcome> };
      const { runSelfCall } = (globalThis as unknown as { __selfCall: Engine }).__selfCall;
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { width: 640, height: 480 },
        audio: true,
      });
      let remote: MediaStream | undefined;
      const controller = new AbortController();
      if (abortAfterMs !== undefined) setTimeout(() => controller.abort(), abortAfterMs);
      const outcome = await runSelfCall({
        stream,
        iceServers: [
          {
            urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
            username: 'test',
            credential,
          },
        ],
        settings,
        signal: controller.signal,
        onRemoteStream: (s: MediaStream) => (remote = s),
      });
      const observed = {
        outcome,
        remoteStates: remote?.getTracks().map((t) => t.readyState) ?? [],
        localStates: stream.getTracks().map((t) => t.readyState),
      };
      stream.getTracks().forEach((t) => t.stop());
      return observed;
    },
    port,
    credential,
    SETTINGS,
    abortAfterMs,
  );
}

describe.each<BrowserName>(['chromium', 'firefox'])('self-call engine through coturn, %s', (name) => {
  let harness: Harness;
  let turn: Turn;
  let page: Page;
  beforeAll(async () => {
    turn = await startTurn();
    harness = await launch(name, FAKE_MEDIA);
    page = await harness.openExtensionPage('options.html');
    await page.evaluate(engine);
  });
  afterAll(async () => {
    await harness?.close();
    await turn?.stop();
  });

  it('carries the fake 640×480 camera and the microphone through the relay: received size, non-zero figures', async () => {
    const { outcome, remoteStates, localStates } = await call(page, turn.port, 'test');
    console.log(`${name} call:`, JSON.stringify(outcome.figures));
    expect(outcome).toMatchObject({ status: 'pass', message: 'call_pass' });
    const f = outcome.figures!;
    expect([f.sentWidth, f.sentHeight]).toEqual([640, 480]);
    // Chromium sends the camera's 640×480 as is. Firefox's encoder, on this 2-core machine, scales
    // it down (seen: 320×240 at about 130 kbit/s, steady over 8 s): the figure is what arrived.
    if (name === 'chromium') expect([f.width, f.height]).toEqual([640, 480]);
    else {
      expect(f.width! * 3).toBe(f.height! * 4);
      expect(f.width).toBeGreaterThanOrEqual(SETTINGS.minWidth);
      expect(f.width).toBeLessThanOrEqual(640);
    }
    expect(outcome.evidence).toMatchObject({ receivedWidth: f.width, receivedHeight: f.height });
    expect(f.fps).toBeGreaterThanOrEqual(SETTINGS.minFps);
    expect(f.videoKbps).toBeGreaterThan(0);
    expect(f.audioKbps).toBeGreaterThan(0);
    expect(f.framesDecoded).toBeGreaterThan(0);
    expect(f.firstFrameMs).toBeGreaterThan(0);
    expect(f.videoCodec).toMatch(/^(VP8|VP9|H264|AV1)$/);
    expect(f.audioCodec).toBe('opus');
    expect(f.relay).toMatch(/^relay 127\.0\.0\.1:\d+/);
    expect(outcome.evidence).toMatchObject({ callConnected: true, relayGathered: true, sentWidth: 640 });
    // The received tracks are closed with the call; the user's own camera and microphone stay the page's.
    expect(remoteStates.length).toBe(2);
    expect(remoteStates.every((s) => s === 'ended')).toBe(true);
    expect(localStates).toEqual(['live', 'live']);
    expect(JSON.stringify(outcome)).not.toContain('"test"');
  });

  it('is refused with wrong credentials, naming the 401', async () => {
    const { outcome } = await call(page, turn.port, 'wrong-password');
    expect(outcome).toMatchObject({ status: 'fail', message: 'call_refused', params: { code: 401 } });
    expect(outcome.evidence).toMatchObject({ callConnected: false, relayGathered: false });
    expect(String(outcome.evidence.iceErrors)).toContain('401');
    expect(JSON.stringify(outcome)).not.toContain('wrong-password');
  });

  it('settles when aborted mid-call: manual, received tracks ended', async () => {
    const { outcome, remoteStates, localStates } = await call(page, turn.port, 'test', 1500);
    expect(outcome).toMatchObject({ status: 'manual', message: 'call_aborted' });
    expect(remoteStates.every((s) => s === 'ended')).toBe(true);
    expect(localStates).toEqual(['live', 'live']);
  });
});
