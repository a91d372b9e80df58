import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { BrowserSettings } from '../platform/types';

/** IP-handling policies under which WebRTC may not send UDP (media only through a proxy, if any). */
const UDP_FORBIDDEN = ['disable_non_proxied_udp', 'proxy_only'];

/**
 * The browser's own WebRTC switches (§5 media flows need WebRTC and UDP): Firefox can turn
 * RTCPeerConnection off altogether; both browsers can forbid non-proxied UDP. A policy or
 * another extension that sets them is named, since the user cannot change it here.
 */
export const webrtcPolicyCheck = defineCheck({
  id: 'webrtc-policy',
  covers: ['NET-MEDIA'],
  category: 'browser',
  messages: ['pass', 'disabled', 'udp_forbidden', 'unseen', 'fix_settings', 'fix_ask_it'],
  async run({ platform }: CheckContext<BrowserSettings>) {
    const { ipHandling, peerConnectionEnabled } = await platform.webrtcPolicy();
    if (!ipHandling && !peerConnectionEnabled)
      return {
        status: 'manual',
        message: 'unseen',
        evidence: {},
        fixes: [{ key: 'fix_settings' }],
        manual: { unmetStatus: 'fail' },
      };
    const evidence = {
      ...(ipHandling && { ipHandlingPolicy: ipHandling.value, ipHandlingControl: ipHandling.levelOfControl }),
      ...(peerConnectionEnabled && {
        peerConnectionEnabled: peerConnectionEnabled.value,
        peerConnectionControl: peerConnectionEnabled.levelOfControl,
      }),
    };
    const fixFor = (levelOfControl: string) => ({
      key: levelOfControl === 'not_controllable' ? ('fix_ask_it' as const) : ('fix_settings' as const),
    });
    if (peerConnectionEnabled && !peerConnectionEnabled.value)
      return { status: 'fail', message: 'disabled', evidence, fixes: [fixFor(peerConnectionEnabled.levelOfControl)] };
    if (ipHandling && UDP_FORBIDDEN.includes(ipHandling.value))
      return {
        status: 'fail',
        message: 'udp_forbidden',
        params: { policy: ipHandling.value },
        evidence,
        fixes: [fixFor(ipHandling.levelOfControl)],
      };
    return { status: 'pass', message: 'pass', params: { policy: ipHandling?.value ?? 'default' }, evidence };
  },
});
