import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import type { MediaTransport, Profile } from '../../utils/profile/types';

/** Host names of the built-in profile the tests point at loopback servers (they are in the host permissions). */
export const TEST_HOSTS = {
  portal: 'www.norm-uni.fr',
  sig1: 'visioplex.maincare.com',
  sig2: 'visioplex2.maincare.com',
  tlm: 'tlm.norm-uni.fr',
  tlm2: 'tlm2.norm-uni.fr',
};

export interface NetworkSetup {
  /** HTTPS ports (servers.ts startHttps) behind the portal and the two signalling names. */
  portal: number;
  sig1: number;
  sig2: number;
  tlm: number;
  tlm2: number;
  /** TURN ports per environment (one server each), and the transports probed. */
  env1: number[];
  env2: number[];
  transports?: MediaTransport[];
  credentials?: { username: string; credential: string };
  probeMs?: number;
  networkSuiteMs?: number;
}

/** The built-in profile with its network endpoints moved onto the tests' loopback servers. */
export function networkProfile(setup: NetworkSetup): Profile {
  const profile = structuredClone(BUILTIN_PROFILE);
  profile.id = 'e2e-network';
  profile.name = 'E2E network';
  profile.network.https = [
    { requirement: 'NET-PORTAL', url: `https://${TEST_HOSTS.portal}:${setup.portal}/` },
    { requirement: 'NET-SIG-1', url: `https://${TEST_HOSTS.sig1}:${setup.sig1}/sync`, environment: 'env1' },
    { requirement: 'NET-SIG-2', url: `https://${TEST_HOSTS.sig2}:${setup.sig2}/sync`, environment: 'env2' },
  ];
  // The loopback servers stand for the fixed-room hosts: their published address here is 127.0.0.1.
  profile.network.tcp = [
    { requirement: 'NET-TLM', host: TEST_HOSTS.tlm, port: setup.tlm, expectedIps: ['127.0.0.1'], notHttps: true },
    { requirement: 'NET-TLM', host: TEST_HOSTS.tlm2, port: setup.tlm2, expectedIps: ['127.0.0.1'], notHttps: true },
  ];
  const transports = setup.transports ?? ['stun-udp', 'turn-udp', 'turn-tcp'];
  profile.network.media.environments = [
    {
      id: 'env1',
      name: 'Environnement 1',
      servers: setup.env1.map((port) => ({ host: '127.0.0.1', port, transports })),
    },
    {
      id: 'env2',
      name: 'Environnement 2',
      servers: setup.env2.map((port) => ({ host: '127.0.0.1', port, transports })),
    },
  ];
  if (setup.credentials) profile.network.media.credentials = setup.credentials;
  profile.timeouts.probeMs = setup.probeMs ?? 3000;
  profile.timeouts.networkSuiteMs = setup.networkSuiteMs ?? 9000;
  return profile;
}

/**
 * Every web endpoint on one loopback HTTPS server and one raw TCP server, media servers dead,
 * short bounds: a whole run takes seconds. For tests about browser settings, not the network.
 * `change` adjusts it for one test (e.g. the cache resource, published addresses).
 */
export function settingsProfile(httpsPort: number, tcpPort: number, change?: (profile: Profile) => void): string {
  const profile = networkProfile({
    portal: httpsPort,
    sig1: httpsPort,
    sig2: httpsPort,
    tlm: tcpPort,
    tlm2: tcpPort,
    env1: [9],
    env2: [9],
    transports: ['turn-tcp'],
    probeMs: 1500,
    networkSuiteMs: 4000,
  });
  change?.(profile);
  return JSON.stringify(profile);
}

/**
 * The built-in profile with both environments' relays on one loopback coturn, the call
 * thresholds `call` when given, and these TURN credentials (none: the call is manual).
 */
export function callProfile(
  port: number,
  credentials?: { username: string; credential: string },
  call?: Profile['devices']['call'],
): Profile {
  const profile = networkProfile({
    portal: 9,
    sig1: 9,
    sig2: 9,
    tlm: 9,
    tlm2: 9,
    env1: [port],
    env2: [port],
    ...(credentials && { credentials }),
  });
  if (call) profile.devices.call = call;
  return profile;
}
