import type { MediaEnvironment, Profile } from './types';

const mediaEnvironment = (n: 1 | 2): MediaEnvironment => ({
  id: `env${n}`,
  name: `Environnement ${n}`,
  servers: [1, 2, 3, 4].map((i) => ({
    host: `mediaserver${n}-${i}.maincare.com`,
    port: 3478,
    transports: ['stun-udp', 'turn-udp', 'turn-tcp'],
  })),
});

/**
 * Therap-e 6.1.0, exactly as the publisher's prerequisites document states it
 * (version 2, approved 11/07/2024). Section numbers refer to that document.
 */
export const BUILTIN_PROFILE: Profile = {
  schemaVersion: 1,
  id: 'therape-6.1.0',
  name: 'Therap-e 6.1.0',
  version: '2 (2024-07-11)',
  sourceDocument: 'Prérequis techniques Therap-e 6.1.0, version 2 du 11/07/2024',
  app: {
    origins: ['https://www.norm-uni.fr', 'https://visioplex.maincare.com', 'https://visioplex2.maincare.com'],
    // Not in the seed: the portal's icon, the likeliest static resource. If the server does not
    // let it be cached, the cache check says it cannot judge (manual), never pass.
    cacheProbeUrl: 'https://www.norm-uni.fr/favicon.ico',
  },
  // §1.3.1
  browsers: [
    {
      brand: 'firefox',
      minVersion: 102,
      qualifiedVersions: [102],
      esr: true,
      downloadUrl: 'https://www.mozilla.org/en-US/firefox/organizations/all/',
    },
    {
      brand: 'edge',
      minVersion: 116,
      qualifiedVersions: [116],
      downloadUrl: 'https://www.microsoft.com/fr-fr/windows/microsoft-edge',
    },
    {
      brand: 'chrome',
      minVersion: 116,
      qualifiedVersions: [116],
      downloadUrl: 'https://www.google.fr/chrome/browser/desktop',
    },
  ],
  // §1.1, §1.2, §2.1.2
  os: {
    windows10Validated: ['1809', '20H2'],
    desktopWindows11: true,
    desktopMacOs: ['11', '12'],
  },
  // §1.1.1 (web, minimum) and §2.1.1 (desktop, recommended)
  hardware: {
    web: { minCpuGHz: 2, minRamGiB: 6, minFreeDiskGiB: 1 },
    desktop: { minCpuGHz: 2.3, recommendedRamGiB: 6, minFreeDiskGiB: 5 },
    ramTolerance: 0.94,
  },
  // §1.1.1, §1.1.2, §1.2, §2.2.3
  display: {
    minimum: { width: 1366, height: 1024 },
    recommended: { width: 1920, height: 1080 },
    scalePercent: 100,
  },
  // §5
  network: {
    https: [
      { requirement: 'NET-PORTAL', url: 'https://www.norm-uni.fr/', expectedIps: ['5.226.12.195'] },
      { requirement: 'NET-SIG-1', url: 'https://visioplex.maincare.com/sync', environment: 'env1' },
      { requirement: 'NET-SIG-2', url: 'https://visioplex2.maincare.com/sync', environment: 'env2' },
    ],
    tcp: [
      { requirement: 'NET-TLM', host: 'tlm.norm-uni.fr', port: 443, expectedIps: ['5.226.12.197'], notHttps: true },
      { requirement: 'NET-TLM', host: 'tlm2.norm-uni.fr', port: 443, expectedIps: ['5.226.12.198'], notHttps: true },
    ],
    media: {
      environments: [mediaEnvironment(1), mediaEnvironment(2)],
      portRange: { min: 49152, max: 65535 },
      // §4: the multimedia protocols antivirus must leave alone (G.711 is PCMU and PCMA in RTP).
      codecs: ['H264', 'VP8', 'opus', 'PCMU', 'PCMA'],
    },
  },
  // §2.1.4
  bandwidth: { liveMbps: 2, asyncMbps: 0.5, measureMs: 1000, pings: 40 },
  // §2.2.1 asks for a correct, synchronised clock; the tolerance is ours.
  clock: { maxOffsetSeconds: 30 },
  timeouts: { checkMs: 5000, probeMs: 4000, networkSuiteMs: 12000, popupTestMaxAgeHours: 24 },
  history: { maxRuns: 1000, maxAgeDays: 365 },
  // §2.1.3: a webcam delivering one of these sizes (any one); the frame rate and the call's
  // figures are ours (a picture a consultation can use).
  devices: {
    resolutions: [
      [640, 480],
      [320, 240],
      [160, 120],
    ],
    minFps: 15,
    call: { durationMs: 5000, minWidth: 320, minHeight: 240, minFps: 15, maxLossPct: 2 },
  },
  // §6
  support: { name: "Normand'e-santé (NeS)", email: 'support@normand-esante.fr' },
  // §7, §1.3.8, §2.3
  links: {
    flowTest: 'https://mire-multiplexage-tlm.maincare.com/',
    videoTests: [
      'https://mire-multiplexage-tlm.maincare.com/liveswitch1/',
      'https://mire-multiplexage-tlm.maincare.com/liveswitch2/',
    ],
    adobeReader: 'https://get.adobe.com/fr/reader',
    vlcMac: 'https://www.videolan.org/vlc/download-macosx.html',
  },
  software: { adobeReaderMin: '10.1.3.23', javaMin: 'adoptopenjdk 1.8.0_302', directXMin: 9 },
  // §3.1
  mobile: { iosMin: '13.0', androidMin: '6.0' },
};
