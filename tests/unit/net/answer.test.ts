import { describe, expect, it } from 'vitest';
import { addressSign, isOneOf, notFromHost } from '../../../utils/net/answer';
import type { HttpProbeResult } from '../../../utils/platform/types';

const probe = (p: Partial<HttpProbeResult>): HttpProbeResult => ({
  url: 'https://www.norm-uni.fr/',
  ok: true,
  status: 200,
  latencyMs: 20,
  ...p,
});

describe('who answered a probe', () => {
  it('compares addresses as addresses: IPv4-mapped IPv6 and IPv6 spellings match their published form', () => {
    expect(isOneOf('::ffff:5.226.12.195', ['5.226.12.195'])).toBe(true);
    expect(isOneOf('2001:db8:0:0:0:0:0:1', ['2001:db8::1'])).toBe(true);
    expect(isOneOf('5.226.12.196', ['5.226.12.195'])).toBe(false);
    expect(isOneOf('not an address', ['not an address'])).toBe(false);
    expect(isOneOf('5.226.12.195', ['proxy.chu.local'])).toBe(false);
  });

  it('an answer from the published address, however written, is from the host', () => {
    expect(addressSign(probe({ remoteIp: '::ffff:5.226.12.195' }), ['5.226.12.195'])).toBeUndefined();
    expect(notFromHost(probe({ remoteIp: '::ffff:5.226.12.195' }), ['5.226.12.195'])).toEqual([]);
  });

  it('names the address reached and the published ones when they differ', () => {
    expect(addressSign(probe({ remoteIp: '10.0.0.1' }), ['5.226.12.195', '5.226.12.196'])).toEqual({
      elsewhere: true,
      text: 'reached 10.0.0.1, not the published 5.226.12.195 or 5.226.12.196',
    });
  });

  it('says what it cannot compare: no published address, or no address shown', () => {
    expect(addressSign(probe({ remoteIp: '10.0.0.1' }), [])).toEqual({
      elsewhere: false,
      text: 'no published address to compare with',
    });
    expect(addressSign(probe({}), ['5.226.12.195'])).toEqual({
      elsewhere: false,
      text: 'the browser does not show the address reached',
    });
  });
});
