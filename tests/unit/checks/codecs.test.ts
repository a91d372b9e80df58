import { describe, expect, it } from 'vitest';
import { codecsCheck } from '../../../utils/checks/codecs';
import type { CodecFacts } from '../../../utils/platform/types';
import { fakePlatform, runCheck, UA } from '../fakes';

const ALL = ['opus', 'PCMU', 'PCMA', 'VP8', 'VP9', 'H264'];
const seen = (facts: Partial<CodecFacts>, userAgent: object = UA.chrome116Win10) =>
  fakePlatform({
    codecs: async () => ({ method: 'getCapabilities', send: ALL, receive: ALL, ...facts }),
    userAgent: async () => userAgent as never,
  });

describe('codecs check', () => {
  it('passes when H.264, VP8, Opus, PCMU and PCMA can be sent and received (names compared case-insensitively)', async () => {
    const outcome = await runCheck(codecsCheck, seen({ send: ALL.map((c) => c.toUpperCase()) }));
    expect(outcome).toMatchObject({ status: 'pass', evidence: { method: 'getCapabilities' } });
  });

  it('fails naming a codec that can be received but not sent', async () => {
    const outcome = await runCheck(codecsCheck, seen({ send: ['opus', 'PCMU', 'PCMA', 'H264'] }));
    expect(outcome).toMatchObject({ status: 'fail', message: 'missing', params: { codecs: 'VP8' } });
  });

  it('names the missing OpenH264 plug-in in Firefox', async () => {
    const noH264 = ['opus', 'PCMU', 'PCMA', 'VP8'];
    const outcome = await runCheck(
      codecsCheck,
      seen(
        { method: 'sdp-offer', send: noH264, receive: noH264 },
        { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:102.0) Gecko/20100101 Firefox/102.0' },
      ),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'no_openh264', fixes: [{ key: 'fix_openh264' }] });
  });

  it('is an error with the reason, never a pass, when WebRTC is unavailable', async () => {
    const outcome = await runCheck(
      codecsCheck,
      fakePlatform({ codecs: async () => Promise.reject(new ReferenceError('RTCRtpSender is not defined')) }),
    );
    expect(outcome).toMatchObject({ status: 'error', message: 'unseen' });
    expect(String(outcome.params?.reason)).toContain('RTCRtpSender');
  });
});
