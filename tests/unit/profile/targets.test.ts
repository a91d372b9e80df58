import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { isLocalHost, localTargets, profileHosts } from '../../../utils/profile/targets';

describe('hosts a profile sends requests to', () => {
  it('lists the built-in profile hosts, none of them local', () => {
    expect(profileHosts(BUILTIN_PROFILE)).toEqual(
      expect.arrayContaining(['www.norm-uni.fr', 'visioplex.maincare.com', 'tlm.norm-uni.fr']),
    );
    expect(localTargets(BUILTIN_PROFILE)).toEqual([]);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.20', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:192.168.0.1', true],
    ['2001:db8::1', false],
    ['localhost', true],
    ['printer.local', true],
    ['nas.home.arpa', true],
    ['intranet', true],
    ['www.norm-uni.fr', false],
    ['WWW.NORM-UNI.FR.', false],
  ])('%s is local: %s', (host, local) => expect(isLocalHost(host)).toBe(local));

  it('names each local host of an imported profile once: origins, endpoints, TCP hosts and media servers', () => {
    const profile = structuredClone(BUILTIN_PROFILE);
    profile.app.origins = ['https://[::1]:8443'];
    profile.network.https[0]!.url = 'https://192.168.1.10/';
    profile.network.tcp[0]!.host = 'localhost';
    profile.network.media.environments[0]!.servers[0]!.host = '10.0.0.5';
    profile.network.media.environments[0]!.servers[1]!.host = '10.0.0.5';
    expect(localTargets(profile)).toEqual(['::1', '192.168.1.10', 'localhost', '10.0.0.5']);
  });
});
