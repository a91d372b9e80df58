import { writeFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';

/**
 * A y4m clip for Chromium's `--use-file-for-fake-video-capture`: the fake camera delivers
 * exactly this size (its only mode) and loops the frames. `moving`: a grey level changing each
 * frame (frames can be told apart); `black`: video black (Y 16), a covered lens.
 */
export function fakeCameraClip(path: string, width: number, height: number, picture: 'moving' | 'black', frames = 30) {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  const luma = width * height;
  const chroma = (width / 2) * (height / 2);
  const parts = [header];
  for (let i = 0; i < frames; i++) {
    const frame = Buffer.alloc(luma + 2 * chroma, 128);
    frame.fill(picture === 'black' ? 16 : 60 + ((i * 5) % 150), 0, luma);
    parts.push(Buffer.from('FRAME\n'), frame);
  }
  writeFileSync(path, Buffer.concat(parts));
}

/** A silent 16-bit mono PCM wav for `--use-file-for-fake-audio-capture`: a muted microphone. */
export function silentWav(path: string, seconds: number, rate = 48_000) {
  const data = rate * seconds * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data, 40);
  writeFileSync(path, Buffer.concat([header, Buffer.alloc(data)]));
}

/**
 * Waits for `work` (something the device test page does) while clicking its "Start listening"
 * button whenever it shows: a browser that holds sound until a gesture (Firefox here, every
 * round) asks for that click before it listens to the microphone. A real click, as the user's;
 * the button is looked for every 20 ms.
 */
export async function answeringStartListening<T>(page: Page, work: Promise<T>): Promise<T> {
  let settled = false;
  const result = work.finally(() => (settled = true));
  while (!settled) {
    const button = await page.$('#start-listening').catch(() => null);
    if (button) await button.click().catch(() => undefined);
    await button?.dispose();
    await Promise.race([result.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 20))]);
  }
  return result;
}
