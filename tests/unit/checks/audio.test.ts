import { describe, expect, it } from 'vitest';
import { audioCheck } from '../../../utils/checks/audio';
import { expectUnavailable, goodTest, testedPlatform } from '../devices/records';
import { fakePlatform, runCheck } from '../fakes';

const tested = testedPlatform;

describe('audio check (DSK-AUDIO)', () => {
  it('passes a microphone that is heard and a test sound the user heard, with the processing in effect', async () => {
    expect(await runCheck(audioCheck, tested())).toMatchObject({
      status: 'pass',
      evidence: {
        testAgeMinutes: 60,
        peakLevelDb: -18.2,
        heardBy: 'analyser',
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
        outputSelection: 'setSinkId',
        soundHeard: 'yes',
      },
    });
  });

  it('fails a silent microphone (muted or the wrong one), giving the loudest level', async () => {
    const outcome = await runCheck(
      audioCheck,
      tested((r) => Object.assign(r.microphone, { signal: false, peakDb: -92.5 })),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'silent', params: { peak: -92.5 } });
  });

  it('says when the level was read from a recording (the browser’s sound processing never started)', async () => {
    const outcome = await runCheck(
      audioCheck,
      tested((r) => Object.assign(r.microphone, { heardBy: 'recording' })),
    );
    expect(outcome).toMatchObject({ status: 'pass', evidence: { heardBy: 'recording', peakLevelDb: -18.2 } });
  });

  it('fails when the user did not hear the sound, asks while unanswered, and says the default output was used', async () => {
    expect(
      await runCheck(
        audioCheck,
        tested((r) => (r.speakers.heard = false)),
      ),
    ).toMatchObject({
      status: 'fail',
      message: 'unheard',
    });
    const open = await runCheck(
      audioCheck,
      tested((r) => (r.speakers = { outputs: [], selection: 'default' })),
    );
    expect(open).toMatchObject({
      status: 'manual',
      message: 'speakers_unconfirmed',
      evidence: { outputSelection: 'default', soundHeard: 'unanswered', output: '' },
      manual: { unmetStatus: 'warn' },
    });
  });

  it('names the Firefox setting and policy when the microphone was refused, and what to plug in without one', async () => {
    const refused = await runCheck(
      audioCheck,
      tested((r) => {
        r.browser = 'firefox';
        r.microphone = { access: 'denied', error: 'NotAllowedError: The request is not allowed', microphones: [] };
      }),
    );
    expect(refused).toMatchObject({ status: 'manual', message: 'denied' });
    expect(refused.fixes?.[0]?.key).toBe('fix_denied_firefox');
    const none = await runCheck(
      audioCheck,
      tested((r) => (r.microphone = { access: 'none', microphones: [] })),
    );
    expect(none).toMatchObject({ status: 'manual', message: 'none' });
    expect(none.fixes?.[0]?.key).toBe('fix_plug');
  });

  it('names the Chromium setting and policy when the microphone was refused', async () => {
    const outcome = await runCheck(
      audioCheck,
      tested(
        (r) => (r.microphone = { access: 'denied', error: 'NotAllowedError: Permission denied', microphones: [] }),
      ),
    );
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'denied',
      evidence: { access: 'denied', error: 'NotAllowedError: Permission denied' },
    });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_denied_chromium', 'fix_test']);
  });

  it('is manual with the browser’s error when the microphone could not be started (busy in another program)', async () => {
    const outcome = await runCheck(
      audioCheck,
      tested(
        (r) =>
          (r.microphone = {
            access: 'error',
            error: 'NotReadableError: Could not start audio source',
            microphones: ['Headset Microphone (Jabra EVOLVE 20)'],
          }),
      ),
    );
    expectUnavailable(outcome, 'NotReadableError: Could not start audio source');
  });

  it('before any test (or after 24 hours), counts microphones and offers the test page', async () => {
    const outcome = await runCheck(
      audioCheck,
      fakePlatform({
        page: () => ({ mediaDevices: { videoinput: 0, audioinput: 1, audiooutput: 2 } }),
        deviceTest: async () => ({ ...goodTest(), at: -25 * 3_600_000 }),
      }),
    );
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'untested',
      evidence: { microphones: 1, audioOutputs: 2 },
    });
  });

  it('without a test, says when the page saw no microphone, and when it could not count devices', async () => {
    const none = await runCheck(
      audioCheck,
      fakePlatform({ page: () => ({ mediaDevices: { videoinput: 1, audioinput: 0, audiooutput: 1 } }) }),
    );
    expect(none).toMatchObject({
      status: 'manual',
      message: 'no_microphone_seen',
      params: { microphones: 0 },
      evidence: { microphones: 0, audioOutputs: 1 },
    });
    const unseen = await runCheck(audioCheck, fakePlatform());
    expect(unseen).toMatchObject({ status: 'manual', message: 'unseen', evidence: {} });
    expect(unseen.fixes?.map((f) => f.key)).toEqual(['fix_test', 'fix_headset']);
  });
});
