import { afterEach, describe, expect, it, vi } from 'vitest';
import { listen } from '../../../utils/platform/media';

/** Web Audio and MediaRecorder fakes: `running` says whether the context ever starts. */
function fakeAudio(options: { running: boolean; tick?: () => number; recorded?: Float32Array }) {
  class FakeContext {
    state = 'suspended';
    createAnalyser() {
      return {
        fftSize: 0,
        getFloatTimeDomainData(buffer: Float32Array) {
          buffer.fill(options.tick!());
        },
      };
    }
    createMediaStreamSource() {
      return { connect() {} };
    }
    // Firefox without an audio output: resume() never settles.
    resume() {
      if (!options.running) return new Promise<void>(() => {});
      this.state = 'running';
      return Promise.resolve();
    }
    close() {
      return Promise.resolve();
    }
  }
  class FakeRecorder {
    ondataavailable?: (event: { data: Blob }) => void;
    onstop?: () => void;
    start() {}
    stop() {
      this.ondataavailable?.({ data: new Blob([new Uint8Array(4)]) });
      this.onstop?.();
    }
  }
  class FakeOffline {
    decodeAudioData() {
      return Promise.resolve({ getChannelData: () => options.recorded! });
    }
  }
  vi.stubGlobal('AudioContext', FakeContext);
  vi.stubGlobal('MediaRecorder', FakeRecorder);
  vi.stubGlobal('OfflineAudioContext', FakeOffline);
  vi.stubGlobal('MediaStream', class {});
}

const stream = { getAudioTracks: () => [] } as unknown as MediaStream;
const tone = (amplitude: number) => new Float32Array(48000).fill(amplitude);

describe('listen', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('hears a live signal through the analyser', async () => {
    fakeAudio({ running: true, tick: () => 0.1 });
    const levels: number[] = [];
    const heard = await listen(
      stream,
      200,
      (db) => levels.push(db),
      () => Promise.resolve(),
    );
    expect(heard).toMatchObject({ signal: true, peakDb: -20, heardBy: 'analyser' });
    expect(levels.length).toBeGreaterThan(1);
  });

  it('ends with the error of a tick that throws, instead of listening for ever', async () => {
    fakeAudio({
      running: true,
      tick: () => {
        throw new Error('InvalidStateError: analyser gone');
      },
    });
    await expect(
      listen(
        stream,
        200,
        () => {},
        () => Promise.resolve(),
      ),
    ).rejects.toThrow(/analyser gone/);
  });

  it('measures a recording when the context never starts, even after the click, and tells silence from signal', async () => {
    let clicked = 0;
    const click = () => ((clicked += 1), Promise.resolve());
    fakeAudio({ running: false, recorded: tone(0.1) });
    expect(await listen(stream, 100, () => {}, click)).toMatchObject({
      signal: true,
      peakDb: -20,
      heardBy: 'recording',
    });
    fakeAudio({ running: false, recorded: tone(0) });
    expect(await listen(stream, 100, () => {}, click)).toMatchObject({
      signal: false,
      peakDb: -120,
      heardBy: 'recording',
    });
    expect(clicked).toBe(2);
  });
});
