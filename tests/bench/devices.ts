/**
 * Device test benchmark: prints figures, never asserts (the machine is noisy).
 *   npx tsx tests/bench/devices.ts [--browser chromium|firefox] [--runs 3]
 * Needs the build (.output). With the browser's fake camera and microphone, per run:
 *  - the whole device test: from opening devices.html to its results painted (every size
 *    tried, the picture watched, the microphone listened to, the test sound played);
 *  - the floor, in the same page right after: a bare getUserMedia (camera and microphone)
 *    to the first frame rendered in a video element;
 * medians and the ratio. Most of the test is its own listening and watching windows
 * (2 s picture, 4 s microphone, 1.3 s sound): the ratio says what the rest costs. Firefox here
 * holds sound until a click: the bench clicks "Start listening" as soon as it shows (polled
 * every 20 ms), and the page then waits up to 1 s for the audio context before it records.
 */
import { MARKS } from '../../utils/platform/timing';
import { launch, type BrowserName } from '../e2e/browsers';
import { answeringStartListening } from '../e2e/media';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const browserName = arg('browser', 'chromium') as BrowserName;
const runs = Number(arg('runs', '3'));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const harness = await launch(browserName, {
  chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  firefoxPrefs: { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true },
});
const whole: number[] = [];
const bare: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const page = await harness.openExtensionPage('devices.html');
    await answeringStartListening(
      page,
      page.waitForFunction(
        (mark) => performance.getEntriesByName(mark).length > 0,
        { timeout: 60_000 },
        MARKS.devicesDone,
      ),
    );
    whole.push(await page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, MARKS.devicesDone));
    bare.push(
      await page.evaluate(async () => {
        const started = performance.now();
        const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
        const video = document.createElement('video');
        video.muted = true;
        video.srcObject = stream;
        await video.play();
        await new Promise((resolve) =>
          'requestVideoFrameCallback' in video ? video.requestVideoFrameCallback(resolve) : setTimeout(resolve, 0),
        );
        const ms = performance.now() - started;
        stream.getTracks().forEach((track) => track.stop());
        return ms;
      }),
    );
    await page.close();
  }
} finally {
  await harness.close();
}
const w = median(whole);
const b = median(bare);
console.log(
  `device test (${browserName}, ${runs} runs): whole test ${w.toFixed(0)} ms (runs: ${whole.map((x) => x.toFixed(0)).join(', ')})`,
);
console.log(`bare getUserMedia to first frame: ${b.toFixed(0)} ms (runs: ${bare.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`ratio whole / bare: ${(w / b).toFixed(1)}×`);
