import { describe, expect, it } from 'vitest';
import { webrtcPolicyCheck } from '../../../utils/checks/webrtc-policy';
import { fakeSettings, runCheck } from '../fakes';

const policy = (ip?: string, pc?: boolean, levelOfControl = 'controllable_by_this_extension') =>
  fakeSettings({
    webrtcPolicy: async () => ({
      ...(ip && { ipHandling: { value: ip, levelOfControl } }),
      ...(pc !== undefined && { peerConnectionEnabled: { value: pc, levelOfControl } }),
    }),
  });

describe('webrtc-policy check', () => {
  it('passes the default policy', async () => {
    expect(await runCheck(webrtcPolicyCheck, policy('default', true))).toMatchObject({
      status: 'pass',
      evidence: { ipHandlingPolicy: 'default' },
    });
    expect((await runCheck(webrtcPolicyCheck, policy('default_public_interface_only'))).status).toBe('pass');
  });

  it('fails when WebRTC is turned off (Firefox media.peerconnection.enabled)', async () => {
    expect(await runCheck(webrtcPolicyCheck, policy('default', false))).toMatchObject({
      status: 'fail',
      message: 'disabled',
    });
  });

  it('fails when non-proxied UDP is forbidden, and says to ask IT when a policy sets it', async () => {
    const outcome = await runCheck(webrtcPolicyCheck, policy('disable_non_proxied_udp', undefined, 'not_controllable'));
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'udp_forbidden',
      params: { policy: 'disable_non_proxied_udp' },
      fixes: [{ key: 'fix_ask_it' }],
    });
    expect((await runCheck(webrtcPolicyCheck, policy('proxy_only'))).fixes?.[0]?.key).toBe('fix_settings');
  });

  it('is manual when the browser shows neither setting', async () => {
    expect(await runCheck(webrtcPolicyCheck, fakeSettings())).toMatchObject({ status: 'manual', message: 'unseen' });
  });
});
