import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import type { RunRecord } from '../../utils/run/types';
import { importProfile, launch, readLastRun, waitForNewRun, type BrowserName, type LaunchOptions } from './browsers';
import { settingsProfile, TEST_HOSTS } from './profiles';
import { startHttps, startProxy, startRawTcp, TLS_FIXTURES, type Http } from './servers';

/** Browser settings checks against the real browser state: prefs, policies, a skewed server clock. */

async function runIn(name: BrowserName, options: LaunchOptions, profileJson?: string): Promise<RunRecord> {
  const harness = await launch(name, options);
  try {
    if (profileJson) await (await importProfile(harness, profileJson)).close();
    const probe = await harness.openExtensionPage('options.html');
    const before = await readLastRun(probe);
    const popup = await harness.openExtensionPage('popup.html');
    const run = await waitForNewRun(probe, before?.id, 60_000);
    await popup.close();
    return run;
  } finally {
    await harness.close();
  }
}
const status = (run: RunRecord, id: string) => run.diagnostics.find((d) => d.checkId === id)!;

describe('clock check against a real HTTPS server', () => {
  let skewed: Http;
  let honest: Http;
  let tcp: Http;
  beforeAll(async () => {
    // Node's own Date header is replaced: the server claims to be 5 minutes behind.
    skewed = await startHttps((_req, res) => {
      res.setHeader('Date', new Date(Date.now() - 300_000).toUTCString());
      res.end('ok');
    });
    honest = await startHttps((_req, res) => res.end('ok'));
    tcp = await startRawTcp('answer');
  });
  afterAll(async () => {
    await skewed?.stop();
    await honest?.stop();
    await tcp?.stop();
  });

  const profile = (port: number) => settingsProfile(port, tcp.port);

  it.each<BrowserName>(['chromium', 'firefox'])(
    '%s: a server 5 minutes off fails the clock check; a correct one passes',
    async (name) => {
      const off = await runIn(name, { loopbackHosts: Object.values(TEST_HOSTS) }, profile(skewed.port));
      expect(status(off, 'clock')).toMatchObject({ status: 'fail', message: { key: 'check_clock_skewed' } });
      expect(Number(status(off, 'clock').evidence.offsetSeconds)).toBeLessThan(-290);
      const right = await runIn(name, { loopbackHosts: Object.values(TEST_HOSTS) }, profile(honest.port));
      expect(status(right, 'clock')).toMatchObject({ status: 'pass' });
    },
  );
});

describe('passwords check follows the real browser setting', () => {
  it('firefox: the signon.rememberSignons pref decides', async () => {
    const on = await runIn('firefox', { firefoxPrefs: { 'signon.rememberSignons': true } });
    expect(status(on, 'passwords')).toMatchObject({ status: 'warn', evidence: { passwordSavingEnabled: true } });
    const off = await runIn('firefox', { firefoxPrefs: { 'signon.rememberSignons': false } });
    expect(status(off, 'passwords')).toMatchObject({ status: 'pass', evidence: { passwordSavingEnabled: false } });
  });

  const POLICY = '/etc/chromium/policies/managed/therape-readiness-e2e-passwords.json';
  afterAll(() => rmSync(POLICY, { force: true }));

  it('chromium: on by default; off and "not controllable" when a policy sets PasswordManagerEnabled', async () => {
    const byDefault = await runIn('chromium', {});
    expect(status(byDefault, 'passwords')).toMatchObject({
      status: 'warn',
      message: { key: 'check_passwords_enabled' },
    });
    mkdirSync('/etc/chromium/policies/managed', { recursive: true });
    writeFileSync(POLICY, JSON.stringify({ PasswordManagerEnabled: true }));
    const forcedOn = await runIn('chromium', {});
    expect(status(forcedOn, 'passwords')).toMatchObject({
      status: 'warn',
      message: { key: 'check_passwords_managed' },
      evidence: { levelOfControl: 'not_controllable' },
    });
    writeFileSync(POLICY, JSON.stringify({ PasswordManagerEnabled: false }));
    const forcedOff = await runIn('chromium', {});
    expect(status(forcedOff, 'passwords')).toMatchObject({
      status: 'pass',
      evidence: { passwordSavingEnabled: false },
    });
  });
});

describe('webrtc-policy check follows the real browser setting', () => {
  const POLICY = '/etc/chromium/policies/managed/therape-readiness-e2e-webrtc.json';
  afterAll(() => rmSync(POLICY, { force: true }));

  it('firefox: passes by default, fails when media.peerconnection.enabled is false', async () => {
    const on = await runIn('firefox', {});
    expect(status(on, 'webrtc-policy')).toMatchObject({ status: 'pass', evidence: { peerConnectionEnabled: true } });
    const off = await runIn('firefox', { firefoxPrefs: { 'media.peerconnection.enabled': false } });
    expect(status(off, 'webrtc-policy')).toMatchObject({
      status: 'fail',
      message: { key: 'check_webrtc_policy_disabled' },
    });
  });

  it('chromium: passes by default, fails when a policy forbids non-proxied UDP', async () => {
    const byDefault = await runIn('chromium', {});
    expect(status(byDefault, 'webrtc-policy')).toMatchObject({
      status: 'pass',
      evidence: { ipHandlingPolicy: 'default' },
    });
    mkdirSync('/etc/chromium/policies/managed', { recursive: true });
    writeFileSync(POLICY, JSON.stringify({ WebRtcIPHandling: 'disable_non_proxied_udp' }));
    const forbidden = await runIn('chromium', {});
    expect(status(forbidden, 'webrtc-policy')).toMatchObject({
      status: 'fail',
      message: { key: 'check_webrtc_policy_udp_forbidden' },
      evidence: { ipHandlingControl: 'not_controllable' },
      fixes: [{ key: 'check_webrtc_policy_fix_ask_it' }],
    });
  });
});

describe('codecs check reads the real browser', () => {
  it('chromium: H.264, VP8, Opus, PCMU and PCMA sent and received → pass', async () => {
    const run = await runIn('chromium', {});
    expect(status(run, 'codecs')).toMatchObject({ status: 'pass', evidence: { method: 'getCapabilities' } });
    expect(status(run, 'codecs').evidence.send).toEqual(
      expect.arrayContaining(['H264', 'VP8', 'opus', 'PCMU', 'PCMA']),
    );
  });

  it('firefox: without the OpenH264 plug-in (this offline machine) the fail names it', async () => {
    const run = await runIn('firefox', { firefoxPrefs: { 'media.gmp-gmpopenh264.enabled': false } });
    expect(status(run, 'codecs')).toMatchObject({
      status: 'fail',
      message: { key: 'check_codecs_no_openh264', params: { codecs: 'H264' } },
      fixes: [{ key: 'check_codecs_fix_openh264' }],
    });
  });

  it('firefox: a profile needing VP9 passes, and fails naming VP9 once the VP9 pref is off', async () => {
    const profile = structuredClone(BUILTIN_PROFILE);
    profile.id = 'e2e-vp9';
    profile.network.media.codecs = ['VP8', 'VP9', 'opus', 'PCMU', 'PCMA'];
    const json = JSON.stringify(profile);
    const on = await runIn('firefox', {}, json);
    expect(status(on, 'codecs')).toMatchObject({ status: 'pass' });
    const off = await runIn('firefox', { firefoxPrefs: { 'media.peerconnection.video.vp9_enabled': false } }, json);
    expect(status(off, 'codecs')).toMatchObject({
      status: 'fail',
      message: { key: 'check_codecs_missing', params: { codecs: 'VP9' } },
    });
  });
});

describe('proxy check follows the real proxy configuration', () => {
  let app: Http;
  let proxy: Http;
  let tcp: Http;
  const proxied: string[] = [];
  beforeAll(async () => {
    app = await startHttps((_req, res) => res.end('app'));
    tcp = await startRawTcp('answer');
    // A forward proxy on 127.0.0.2 that tunnels HTTPS to the app (CONNECT), recording each target.
    proxy = await startProxy(proxied);
  });
  afterAll(async () => {
    await app?.stop();
    await tcp?.stop();
    await proxy?.stop();
  });

  /** The loopback profile, with the portal's published address being the app server's. */
  const profile = () => settingsProfile(app.port, tcp.port, (p) => (p.network.https[0]!.expectedIps = ['127.0.0.1']));
  const hosts = Object.values(TEST_HOSTS);
  const APP_BYPASS = ['.norm-uni.fr', '.maincare.com'];

  const ALL_HOSTS = `${TEST_HOSTS.portal}, ${TEST_HOSTS.sig1}, ${TEST_HOSTS.sig2}`;

  it('firefox: no_proxies_on read with Firefox rules (bare domains cover sub-domains, a scheme prefix is dropped), each verdict matching the route Firefox reports', async () => {
    const manual = (noProxiesOn: string) => ({
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.2',
      'network.proxy.http_port': proxy.port,
      // The app is HTTPS: Firefox sends it to its "SSL proxy" (here the same one).
      'network.proxy.ssl': '127.0.0.2',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': noProxiesOn,
    });
    const via = `http 127.0.0.2:${proxy.port}`;
    const through = await runIn('firefox', { loopbackHosts: hosts, firefoxPrefs: manual('localhost') }, profile());
    expect(status(through, 'proxy')).toMatchObject({
      status: 'fail',
      message: { key: 'check_proxy_not_bypassed', params: { hosts: ALL_HOSTS, browser: 'Firefox' } },
      evidence: { bypassRules: 'Firefox', bypassedHosts: [] },
    });
    expect(status(through, 'proxy').evidence.proxyInfo).toContain(`${TEST_HOSTS.portal} ${via}`);
    expect(proxied.some((url) => url.includes(TEST_HOSTS.portal))).toBe(true);

    // Bare domains: Firefox exempts their sub-domains (Chrome/Edge would not), and Firefox routed them direct.
    const bare = await runIn(
      'firefox',
      { loopbackHosts: hosts, firefoxPrefs: manual('norm-uni.fr, maincare.com') },
      profile(),
    );
    expect(status(bare, 'proxy')).toMatchObject({
      status: 'pass',
      message: { key: 'check_proxy_pass_bypassed' },
      evidence: { mode: 'fixed', bypass: ['norm-uni.fr', 'maincare.com'] },
    });
    expect(status(bare, 'proxy').evidence.proxyInfo).toEqual(
      [TEST_HOSTS.portal, TEST_HOSTS.sig1, TEST_HOSTS.sig2].map((h) => `${h} direct`),
    );

    // A scheme-prefixed entry leaves Firefox no host: the portal is not exempted, and Firefox proxied it.
    const scheme = await runIn(
      'firefox',
      { loopbackHosts: hosts, firefoxPrefs: manual(`https://${TEST_HOSTS.portal}, .maincare.com`) },
      profile(),
    );
    expect(status(scheme, 'proxy')).toMatchObject({
      status: 'fail',
      message: { key: 'check_proxy_not_bypassed', params: { hosts: TEST_HOSTS.portal } },
    });
    expect(status(scheme, 'proxy').evidence.proxyInfo).toEqual([
      `${TEST_HOSTS.portal} ${via}`,
      `${TEST_HOSTS.sig1} direct`,
      `${TEST_HOSTS.sig2} direct`,
    ]);

    const none = await runIn('firefox', { loopbackHosts: hosts, firefoxPrefs: { 'network.proxy.type': 0 } }, profile());
    expect(status(none, 'proxy')).toMatchObject({ status: 'pass', message: { key: 'check_proxy_pass_direct' } });
  });

  const POLICY = '/etc/chromium/policies/managed/therape-readiness-e2e-proxy.json';
  afterAll(() => rmSync(POLICY, { force: true }));

  it('chromium: ProxyBypassList read with Chromium rules (a bare domain is that host only), each verdict matching the address Chromium reached; by default the system proxy is partly unseen', async () => {
    mkdirSync('/etc/chromium/policies/managed', { recursive: true });
    const policy = (bypass: string) =>
      writeFileSync(
        POLICY,
        JSON.stringify({
          ProxySettings: {
            ProxyMode: 'fixed_servers',
            ProxyServer: `http://127.0.0.2:${proxy.port}`,
            ProxyBypassList: bypass,
          },
        }),
      );
    policy('localhost');
    const through = await runIn('chromium', { loopbackHosts: hosts }, profile());
    expect(status(through, 'proxy')).toMatchObject({
      status: 'fail',
      message: { key: 'check_proxy_not_bypassed', params: { hosts: ALL_HOSTS, browser: 'Chrome/Edge' } },
      evidence: { mode: 'fixed', levelOfControl: 'not_controllable', bypassRules: 'Chrome/Edge' },
      fixes: [{ key: 'check_proxy_fix_bypass' }, { key: 'check_proxy_fix_ask_it' }],
    });
    expect(status(through, 'proxy').evidence.seenAddresses).toContain(`${TEST_HOSTS.portal} 127.0.0.2 (IPv4)`);

    // The exact host is exempted; the bare parent domain is not (Firefox would exempt it): Chromium
    // reached the portal itself (127.0.0.1) and the proxy (127.0.0.2) for the signalling hosts.
    policy(`${TEST_HOSTS.portal};maincare.com`);
    const bare = await runIn('chromium', { loopbackHosts: hosts }, profile());
    expect(status(bare, 'proxy')).toMatchObject({
      status: 'fail',
      message: { key: 'check_proxy_not_bypassed', params: { hosts: `${TEST_HOSTS.sig1}, ${TEST_HOSTS.sig2}` } },
      evidence: { bypass: [TEST_HOSTS.portal, 'maincare.com'], bypassedHosts: [TEST_HOSTS.portal] },
    });
    expect(status(bare, 'proxy').fixes).toContainEqual({
      key: 'check_proxy_fix_chromium_suffix',
      params: { entries: 'maincare.com', suffixes: '*.maincare.com' },
    });
    expect(status(bare, 'proxy').evidence.seenAddresses).toEqual([
      `${TEST_HOSTS.portal} 127.0.0.1 (IPv4)`,
      `${TEST_HOSTS.sig1} 127.0.0.2 (IPv4)`,
      `${TEST_HOSTS.sig2} 127.0.0.2 (IPv4)`,
    ]);

    policy(APP_BYPASS.map((h) => `*${h}`).join(';'));
    const bypassed = await runIn('chromium', { loopbackHosts: hosts }, profile());
    expect(status(bypassed, 'proxy')).toMatchObject({ status: 'pass', message: { key: 'check_proxy_pass_bypassed' } });
    expect(status(bypassed, 'proxy').evidence.seenAddresses).toEqual(
      [TEST_HOSTS.portal, TEST_HOSTS.sig1, TEST_HOSTS.sig2].map((h) => `${h} 127.0.0.1 (IPv4)`),
    );

    rmSync(POLICY, { force: true });
    const system = await runIn('chromium', { loopbackHosts: hosts }, profile());
    expect(status(system, 'proxy')).toMatchObject({
      status: 'manual',
      message: { key: 'check_proxy_unseen', params: { hosts: `${TEST_HOSTS.sig1}, ${TEST_HOSTS.sig2}` } },
      evidence: { mode: 'system', publishedAddresses: [`${TEST_HOSTS.portal} 127.0.0.1 (IPv4)`] },
    });
    expect(status(system, 'proxy').evidence.seenAddresses).toContain(`${TEST_HOSTS.portal} 127.0.0.1 (IPv4)`);

    // Another address than the published one, with no proxy in the settings: not a proven proxy.
    const renumbered = settingsProfile(app.port, tcp.port, (p) => (p.network.https[0]!.expectedIps = ['127.0.0.9']));
    const elsewhere = await runIn('chromium', { loopbackHosts: hosts }, renumbered);
    expect(status(elsewhere, 'proxy')).toMatchObject({
      status: 'manual',
      message: {
        key: 'check_proxy_elsewhere',
        params: { seen: `${TEST_HOSTS.portal} 127.0.0.1 (IPv4)`, published: `${TEST_HOSTS.portal} 127.0.0.9 (IPv4)` },
      },
    });
  });

  it('chromium: the portal answering over IPv6 (::1) while IPv4 is published: manual naming both families, not a proxy', async () => {
    const rules = [
      `MAP ${TEST_HOSTS.portal} [::1]`,
      ...hosts.filter((h) => h !== TEST_HOSTS.portal).map((h) => `MAP ${h} 127.0.0.1`),
    ];
    const run = await runIn('chromium', { chromiumArgs: [`--host-resolver-rules=${rules.join(',')}`] }, profile());
    expect(status(run, 'https-endpoints')).toMatchObject({ status: 'pass' });
    expect(status(run, 'proxy')).toMatchObject({
      status: 'manual',
      message: {
        key: 'check_proxy_elsewhere',
        params: { seen: `${TEST_HOSTS.portal} ::1 (IPv6)`, published: `${TEST_HOSTS.portal} 127.0.0.1 (IPv4)` },
      },
    });
  });
});

describe('cache check loads a cacheable app resource twice', () => {
  let app: Http;
  let tcp: Http;
  let loads = 0;
  beforeAll(async () => {
    app = await startHttps((req, res) => {
      if (req.url?.startsWith('/static.css')) {
        loads += 1;
        res.setHeader('Cache-Control', 'max-age=3600');
        res.setHeader('Content-Type', 'text/css');
        res.end('body { color: #222 }');
      } else res.end('app');
    });
    tcp = await startRawTcp('answer');
  });
  afterAll(async () => {
    await app?.stop();
    await tcp?.stop();
  });
  const profile = () =>
    settingsProfile(
      app.port,
      tcp.port,
      (p) => (p.app.cacheProbeUrl = `https://${TEST_HOSTS.portal}:${app.port}/static.css`),
    );
  const hosts = Object.values(TEST_HOSTS);

  it('chromium: the second load comes from the cache (the server sees one load); with a 1-byte disk cache it fails', async () => {
    loads = 0;
    const on = await runIn('chromium', { loopbackHosts: hosts }, profile());
    expect(status(on, 'cache')).toMatchObject({ status: 'pass', evidence: { freshSeconds: 3600 } });
    expect(loads).toBe(1);
    loads = 0;
    const tiny = await runIn('chromium', { loopbackHosts: hosts, chromiumArgs: ['--disk-cache-size=1'] }, profile());
    expect(status(tiny, 'cache')).toMatchObject({ status: 'fail', message: { key: 'check_cache_not_cached' } });
    expect(loads).toBe(2);
  });

  it('firefox: passes by default; fails with the cache prefs off (browserSettings.cacheEnabled false)', async () => {
    loads = 0;
    const on = await runIn('firefox', { loopbackHosts: hosts }, profile());
    expect(status(on, 'cache')).toMatchObject({ status: 'pass', evidence: { browserCacheEnabled: true } });
    expect(loads).toBe(1);
    const off = await runIn(
      'firefox',
      {
        loopbackHosts: hosts,
        firefoxPrefs: { 'browser.cache.disk.enable': false, 'browser.cache.memory.enable': false },
      },
      profile(),
    );
    expect(status(off, 'cache')).toMatchObject({
      status: 'fail',
      message: { key: 'check_cache_disabled' },
      evidence: { browserCacheEnabled: false },
    });
  });
});

describe('https-inspection check reads the certificate chain (Firefox)', () => {
  let app: Http;
  let tcp: Http;
  const POLICIES = '/usr/lib/firefox-esr/distribution/policies.json';
  beforeAll(async () => {
    app = await startHttps((_req, res) => res.end('app'));
    tcp = await startRawTcp('answer');
  });
  afterAll(async () => {
    await app?.stop();
    await tcp?.stop();
    rmSync(POLICIES, { force: true });
  });
  /** Every web endpoint on the HTTPS server. */
  const profile = () => settingsProfile(app.port, tcp.port);
  const hosts = Object.values(TEST_HOSTS);
  /**
   * No test here can see a chain ending at a root Firefox ships (loopback servers cannot present
   * one): a pass is proven by the unit tests. What is true here: the tests' private root, however
   * Firefox came to trust it, is not built in, as an antivirus's or an inspecting proxy's.
   */
  const inspected = (run: RunRecord) => {
    expect(status(run, 'https-endpoints')).toMatchObject({ status: 'pass' });
    expect(status(run, 'https-inspection')).toMatchObject({
      status: 'fail',
      message: { key: 'check_https_inspection_inspected' },
    });
    expect(String(status(run, 'https-inspection').message.params?.issuer)).toContain('E2E Antivirus Web Shield Root');
  };

  it('firefox: an app response signed by a root installed by policy (an “antivirus”) fails, naming it', async () => {
    mkdirSync(dirname(POLICIES), { recursive: true });
    writeFileSync(POLICIES, JSON.stringify({ policies: { Certificates: { Install: [TLS_FIXTURES.ca] } } }));
    // The profile's own certificate store does not have the root: only the policy makes Firefox trust it.
    inspected(await runIn('firefox', { loopbackHosts: hosts, trustTestCertificate: false }, profile()));
  });

  it('firefox: the same root added to the profile’s certificate store (how the tests trust it) fails the same way', async () => {
    rmSync(POLICIES, { force: true });
    inspected(await runIn('firefox', { loopbackHosts: hosts }, profile()));
  });

  it('firefox: without that root the TLS handshake fails: no chain seen, manual (never pass)', async () => {
    rmSync(POLICIES, { force: true });
    const run = await runIn('firefox', { loopbackHosts: hosts, trustTestCertificate: false }, profile());
    expect(status(run, 'https-endpoints')).toMatchObject({ status: 'fail', message: { params: { kinds: 'tls' } } });
    expect(status(run, 'https-inspection')).toMatchObject({
      status: 'manual',
      message: { key: 'check_https_inspection_unseen' },
    });
  });

  it('chromium: manual, with where to look', async () => {
    const run = await runIn('chromium', { loopbackHosts: hosts }, profile());
    expect(status(run, 'https-endpoints')).toMatchObject({ status: 'pass' });
    expect(status(run, 'https-inspection')).toMatchObject({
      status: 'manual',
      message: { key: 'check_https_inspection_chromium' },
    });
  });

  it('chromium: without the test certificate trusted the TLS handshake fails, named', async () => {
    const run = await runIn('chromium', { loopbackHosts: hosts, trustTestCertificate: false }, profile());
    expect(status(run, 'https-endpoints')).toMatchObject({ status: 'fail', message: { params: { kinds: 'tls' } } });
  });
});

describe('zoom check without an app tab reads the default zoom', () => {
  it('chromium: 100 % by default (manual); a 144 % default page zoom in the profile warns', async () => {
    const byDefault = await runIn('chromium', {});
    expect(status(byDefault, 'zoom')).toMatchObject({ status: 'manual', evidence: { defaultZoomPercent: 100 } });
    // Chromium keeps Settings > Appearance > Page zoom in the profile's Preferences (level 2 = 1.2² = 144 %).
    const userDataDir = mkdtempSync(join(tmpdir(), 'readiness-zoom-'));
    try {
      mkdirSync(join(userDataDir, 'Default'));
      writeFileSync(
        join(userDataDir, 'Default', 'Preferences'),
        JSON.stringify({ partition: { default_zoom_level: { x: 2 } } }),
      );
      const zoomed = await runIn('chromium', { userDataDir });
      expect(status(zoomed, 'zoom')).toMatchObject({
        status: 'warn',
        message: { key: 'check_zoom_default_zoomed', params: { zoom: 144 } },
      });
    } finally {
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  it('firefox: 100 % by default (manual, the default shown)', async () => {
    const run = await runIn('firefox', {});
    expect(status(run, 'zoom')).toMatchObject({ status: 'manual', evidence: { defaultZoomPercent: 100 } });
  });
});
