import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { RtcProbes, SystemFacts } from '../platform/types';
import { detectBrowser } from './lib/detect-browser';

const has = (list: string[], codec: string) => list.some((c) => c.toLowerCase() === codec.toLowerCase());

/**
 * AV-MEDIA (§4), the part a browser shows: the WebRTC codecs the app uses (H.264, VP8, Opus,
 * G.711 as PCMU/PCMA) can be both sent and received here. Firefox gets H.264 from Cisco's
 * OpenH264 plug-in: its absence is named, with how to enable it. Whether an antivirus scans
 * these flows stays in the antivirus manual item.
 */
export const codecsCheck = defineCheck({
  id: 'codecs',
  covers: ['AV-MEDIA'],
  category: 'security',
  messages: ['pass', 'missing', 'no_openh264', 'unseen', 'fix_openh264', 'fix_update'],
  async run({ profile, platform }: CheckContext<RtcProbes & SystemFacts>) {
    const required = profile.network.media.codecs;
    let facts;
    try {
      facts = await platform.codecs();
    } catch (error) {
      // WebRTC itself is off (the webrtc-policy check says why).
      return { status: 'error', message: 'unseen', params: { reason: String(error) }, evidence: {} };
    }
    const evidence = { method: facts.method, send: facts.send, receive: facts.receive, required };
    const missing = required.filter((codec) => !has(facts.send, codec) || !has(facts.receive, codec));
    if (missing.length === 0)
      return { status: 'pass', message: 'pass', params: { codecs: required.join(', ') }, evidence };
    const params = { codecs: missing.join(', ') };
    if (has(missing, 'H264') && detectBrowser(await platform.userAgent()).brand === 'firefox')
      return { status: 'fail', message: 'no_openh264', params, evidence, fixes: [{ key: 'fix_openh264' }] };
    return { status: 'fail', message: 'missing', params, evidence, fixes: [{ key: 'fix_update' }] };
  },
});
