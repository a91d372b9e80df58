import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceTestRecord } from '../../utils/devices/types';
import { CHROMIUM_EXTENSION_ID } from '../../utils/extension-ids';
import type { Diagnostic } from '../../utils/engine/types';
import { launch, readLastRun, runOnce, type BrowserName, type Harness } from './browsers';
import { fakeCameraClip, silentWav } from './media';
import { POLICY_FILES, writePolicyFile } from './policy-files';

/**
 * The device test page with the browsers' fake devices: Chromium's
 * `--use-fake-device-for-media-stream` (a camera fed from a y4m clip written here per case, a
 * beeping microphone or a silent wav) and `--use-fake-ui-for-media-stream` (the prompt
 * accepted); Firefox's `media.navigator.streams.fake` (a 640×480 camera, a tone) and
 * `media.navigator.permission.disabled`.
 */
const dir = mkdtempSync(join(tmpdir(), 'readiness-devices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const chromiumFake = (clip?: string, audio?: string) => [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  ...(clip ? [`--use-file-for-fake-video-capture=${clip}`] : []),
  ...(audio ? [`--use-file-for-fake-audio-capture=${audio}`] : []),
];
const FIREFOX_FAKE = { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true };

/** Opens the device test page and waits for the camera and microphone to be measured. */
async function testDevices(harness: Harness): Promise<Page> {
  const page = await harness.openExtensionPage('devices.html');
  const done = 'main[data-phase="done"] #results li.row[data-check="camera"]';
  await page.waitForSelector(`${done}, #start-listening`, { timeout: 45_000 }).catch(() => undefined);
  // A browser that holds sound until a gesture asks for a click first (a real click here).
  if (await page.$('#start-listening')) await page.click('#start-listening');
  await page.waitForSelector(done, { timeout: 45_000 }).catch(async (error: Error) => {
    // Say where the page stopped.
    const where = await page.$eval(
      'main',
      (el) => `${el.getAttribute('data-phase')}: ${(el as HTMLElement).innerText}`,
    );
    throw new Error(`${error.message}; page at ${where}`);
  });
  return page;
}

const row = (page: Page, check: string) =>
  page.$eval(`#results li.row[data-check="${check}"]`, (el) => ({
    status: el.getAttribute('data-status'),
    text: (el as HTMLElement).innerText,
  }));

/** Opens a result row and returns all its text (fixes and evidence are built once opened). */
async function openRow(page: Page, check: string): Promise<string> {
  await page.click(`#results li.row[data-check="${check}"] summary`);
  await page.waitForSelector(`#results li.row[data-check="${check}"] .row-body`);
  return page.$eval(`#results li.row[data-check="${check}"]`, (el) => (el as HTMLElement).innerText);
}

const storedTest = (page: Page) =>
  page.evaluate(async () => {
    type Storage = { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
    const scope = globalThis as unknown as { browser?: Storage; chrome?: Storage };
    return (await (scope.browser ?? scope.chrome)!.storage.local.get('deviceTest')).deviceTest as DeviceTestRecord;
  });

/** Waits until the last run's row of `check` satisfies `ok` (the background refreshes it after the page saved). */
async function waitForRunRow(page: Page, check: string, ok: (d: Diagnostic) => boolean): Promise<Diagnostic> {
  for (let i = 0; i < 100; i++) {
    const run = await readLastRun(page);
    const diagnostic = run?.diagnostics.find((d) => d.checkId === check);
    if (diagnostic && ok(diagnostic)) return diagnostic;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the last run's ${check} row never changed`);
}

describe.each<BrowserName>(['chromium', 'firefox'])('device test page in %s, 640×480 camera', (name) => {
  let harness: Harness;
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    const clip = join(dir, 'camera-640x480.y4m');
    fakeCameraClip(clip, 640, 480, 'moving');
    harness = await launch(name, { chromiumArgs: chromiumFake(clip), firefoxPrefs: FIREFOX_FAKE });
  });
  afterAll(async () => harness?.close());

  it('passes the camera in its own 640×480 mode, hears the microphone, and puts both into the run and the next one', async () => {
    // A run before the test: the rows only count devices.
    const before = await runOnce(harness);
    expect(before.diagnostics.find((d) => d.checkId === 'camera')).toMatchObject({ status: 'manual' });
    const page = await testDevices(harness);
    expect(await row(page, 'camera')).toMatchObject({ status: 'pass' });
    const stored = await storedTest(page);
    expect(stored.camera.sizes.find((s) => s.width === 640)).toMatchObject({ native: true, method: 'resize-none' });
    expect(stored.camera.frameRate!.fps).toBeGreaterThan(5);
    expect(stored.camera.picture).toMatchObject({ black: false });
    expect(stored.microphone).toMatchObject({ access: 'ok', signal: true });
    // This machine has no sound output: Firefox's audio context never starts there (resume()
    // stays pending), so Firefox measures a recording of the microphone; Chromium listens live.
    expect(stored.microphone.heardBy).toBe(name === 'firefox' ? 'recording' : 'analyser');
    // The speakers wait for the user's answer: asked, then confirmed.
    expect(await row(page, 'audio')).toMatchObject({ status: 'manual' });
    await page.click('#heard-yes');
    await page.waitForSelector('#results li.row[data-check="audio"][data-status="pass"]');
    // The call has no TURN credentials in the built-in profile: manual, not pass.
    await page.waitForSelector('#results li.row[data-check="call"][data-status="manual"]');

    // The run that existed is updated: history and last run carry the device results with their age.
    const camera = await waitForRunRow(page, 'camera', (d) => d.status === 'pass');
    expect(camera.evidence).toMatchObject({ testAgeMinutes: 0, '640×480': expect.stringMatching(/^native/) });
    await waitForRunRow(page, 'audio', (d) => d.status === 'pass');
    const later = await runOnce(harness);
    expect(later.id).not.toBe(before.id);
    expect(later.diagnostics.find((d) => d.checkId === 'camera')).toMatchObject({
      status: 'pass',
      evidence: { testedAt: new Date(stored.at).toISOString() },
    });
    expect(later.diagnostics.find((d) => d.checkId === 'audio')).toMatchObject({ status: 'pass' });
    await page.close();
  });
});

describe('device test page in chromium, cameras and microphones that fail', () => {
  const open = async (args: string[], check: (page: Page) => Promise<void>) => {
    const harness = await launch('chromium', { chromiumArgs: args });
    try {
      await check(await testDevices(harness));
    } finally {
      await harness.close();
    }
  };

  it('fails a camera that delivers only 1280×720, naming that size', async () => {
    const clip = join(dir, 'camera-1280x720.y4m');
    fakeCameraClip(clip, 1280, 720, 'moving');
    await open(chromiumFake(clip), async (page) => {
      const camera = await row(page, 'camera');
      expect(camera.status).toBe('fail');
      expect(camera.text).toContain('1280×720');
      expect((await storedTest(page)).camera.sizes.every((s) => s.native === false)).toBe(true);
    });
  });

  it('detects a black picture', async () => {
    const clip = join(dir, 'camera-black.y4m');
    fakeCameraClip(clip, 640, 480, 'black');
    await open(chromiumFake(clip), async (page) => {
      expect(await row(page, 'camera')).toMatchObject({ status: 'fail' });
      expect((await storedTest(page)).camera.picture).toMatchObject({ black: true });
      expect(await openRow(page, 'camera')).toMatch(/privacy shutter/);
    });
  });

  it('tells a silent microphone from the beeping one', async () => {
    const wav = join(dir, 'silence.wav');
    silentWav(wav, 10);
    await open(chromiumFake(undefined, wav), async (page) => {
      const audio = await row(page, 'audio');
      expect(audio.status).toBe('fail');
      expect(audio.text).toMatch(/heard nothing/);
      expect((await storedTest(page)).microphone).toMatchObject({ access: 'ok', signal: false });
    });
  });
});

/**
 * Firefox's fake microphone is always a sine (MediaEngineFake: `media.navigator.audio.fake_frequency`,
 * 0 meaning 1000 Hz). A sine at exactly the audio graph's sample rate is sampled at the same
 * phase every time: sin(2πk) = 0, digital silence. The graph's rate is pinned with
 * `media.cubeb.force_sample_rate` so the two match on any machine. Measured here (2 s
 * recorded): 1000 Hz and 0 → −19 dBFS peak; the graph's rate → −63 dBFS (float rounding).
 */
describe('device test page in firefox, a silent microphone', () => {
  it('tells it from the tone (the tone passes in the 640×480 case above)', async () => {
    const rate = 48_000;
    const harness = await launch('firefox', {
      firefoxPrefs: {
        ...FIREFOX_FAKE,
        'media.cubeb.force_sample_rate': rate,
        'media.navigator.audio.fake_frequency': rate,
      },
    });
    try {
      const page = await testDevices(harness);
      const audio = await row(page, 'audio');
      expect(audio.status).toBe('fail');
      expect(audio.text).toMatch(/heard nothing/);
      expect((await storedTest(page)).microphone).toMatchObject({ access: 'ok', signal: false, heardBy: 'recording' });
    } finally {
      await harness.close();
    }
  });
});

describe.each<BrowserName>(['chromium', 'firefox'])('device test page in %s without any device', (name) => {
  it('says "manual" with what to plug in, never an error', async () => {
    // No fake device: this machine has no camera and no microphone.
    const harness = await launch(name, {
      chromiumArgs: ['--use-fake-ui-for-media-stream'],
      firefoxPrefs: { 'media.navigator.permission.disabled': true },
    });
    try {
      const page = await testDevices(harness);
      expect(await row(page, 'camera')).toMatchObject({ status: 'manual' });
      expect(await row(page, 'audio')).toMatchObject({ status: 'manual' });
      const stored = await storedTest(page);
      expect(stored.camera.access).toBe('none');
      expect(stored.microphone.access).toBe('none');
      expect(await openRow(page, 'camera')).toMatch(/Plug in a USB webcam/);
    } finally {
      await harness.close();
    }
  });
});

/**
 * Capture refused by an enterprise policy, without any prompt. The browsers' "accept every
 * prompt" switches answer past the policies (measured: Chromium's --use-fake-ui-for-media-stream
 * and --auto-accept-camera-and-microphone-capture, Firefox's media.navigator.permission.disabled
 * all hand out the camera under the policy), so neither is used here:
 * - Chromium: the profile already holds the user's "Allow" for the extension's page (the
 *   Preferences file a user's click writes), the fake devices, and `VideoCaptureAllowed: false`.
 *   The same profile without the policy gets the camera: the refusal is the policy's.
 * - Firefox: `Permissions` `Camera`/`Microphone` `BlockNewRequests` in policies.json, fake devices,
 *   prompts on. Without the policy the request waits on a prompt nobody answers (measured); with
 *   it, NotAllowedError at once. Its Allow list does not take the extension's moz-extension
 *   origin (measured: the microphone still waited on a prompt), so both are blocked here.
 * The page cannot tell a policy from the user's own refusal (both are NotAllowedError, and
 * nothing an extension reads shows these policies): the row says access was refused and its
 * fix names the browser's setting and the policy that greys it out.
 */
describe.each<BrowserName>(['chromium', 'firefox'])('device test page in %s with capture blocked by policy', (name) => {
  const chromiumPolicy = '/etc/chromium/policies/managed/therape-readiness-e2e-devices.json';
  let removePolicy: (() => void) | undefined;
  afterEach(() => {
    removePolicy?.();
    removePolicy = undefined;
  });
  afterAll(() => rmSync(chromiumPolicy, { force: true }));

  /** A Chromium profile folder where the user allowed camera and microphone on the extension's pages. */
  const allowedProfile = () => {
    const profile = mkdtempSync(join(dir, 'chromium-allowed-'));
    const allow = { [`chrome-extension://${CHROMIUM_EXTENSION_ID}/,*`]: { setting: 1 } };
    const exceptions = { media_stream_camera: allow, media_stream_mic: allow };
    mkdirSync(join(profile, 'Default'));
    writeFileSync(
      join(profile, 'Default', 'Preferences'),
      JSON.stringify({ profile: { content_settings: { exceptions } } }),
    );
    return profile;
  };
  const open = async (check: (page: Page, harness: Harness) => Promise<void>) => {
    const userDataDir = name === 'chromium' ? allowedProfile() : undefined;
    const harness = await launch(name, {
      chromiumArgs: ['--use-fake-device-for-media-stream'],
      firefoxPrefs: { 'media.navigator.streams.fake': true },
      ...(userDataDir && { userDataDir }),
    });
    try {
      await check(await testDevices(harness), harness);
    } finally {
      await harness.close();
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    }
  };

  it('says the camera was refused, names the policy in the row and in the run, and tests what the policy allows', async () => {
    if (name === 'chromium') {
      // The control: the user's "Allow" alone gives the camera.
      await open(async (page) => expect((await storedTest(page)).camera.access).toBe('ok'));
      removePolicy = writePolicyFile(chromiumPolicy, { VideoCaptureAllowed: false });
    } else {
      const blocked = { BlockNewRequests: true };
      removePolicy = writePolicyFile(POLICY_FILES.firefox, {
        policies: { Permissions: { Camera: blocked, Microphone: blocked } },
      });
    }
    const policy = name === 'chromium' ? 'VideoCaptureAllowed' : 'Permissions (Camera or Microphone, BlockNewRequests)';
    await open(async (page, harness) => {
      const stored = await storedTest(page);
      expect(stored.camera).toMatchObject({ access: 'denied', error: expect.stringMatching(/^NotAllowedError/) });
      // Chromium: the microphone, not blocked, is still tested; Firefox: blocked as well.
      if (name === 'chromium') expect(stored.microphone).toMatchObject({ access: 'ok', signal: true });
      else expect(stored.microphone).toMatchObject({ access: 'denied' });
      const camera = await row(page, 'camera');
      expect(camera).toMatchObject({ status: 'manual' });
      expect(camera.text).toMatch(/access was refused/);
      expect(await openRow(page, 'camera')).toContain(policy);
      // The next run carries it: its camera row is the refusal, with the browser's error and the policy's fix.
      const diagnostic = (await runOnce(harness)).diagnostics.find((d) => d.checkId === 'camera');
      expect(diagnostic).toMatchObject({
        status: 'manual',
        message: { key: 'check_camera_denied' },
        evidence: { access: 'denied', error: stored.camera.error },
      });
      expect(diagnostic!.fixes.map((fix) => fix.key)).toContain(`check_camera_fix_denied_${name}`);
    });
  });
});
