import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../utils/engine/types';
import type { Profile } from '../../utils/profile/types';
import type { RunRecord } from '../../utils/run/types';
import { existsSync, readFileSync } from 'node:fs';
import {
  FIREFOX_NO_ICE_ERROR_EVENT_BUILD,
  importProfile,
  launch,
  readLastRun,
  waitForNewRun,
  type BrowserName,
  type Harness,
} from './browsers';
import { networkProfile, TEST_HOSTS, type NetworkSetup } from './profiles';
import { freePort, startBlackHole, startHttps, startRawTcp, startTurn, type Http, type Turn } from './servers';
import { sampleUdpSockets } from './sockets';

/**
 * The network checks against real servers on loopback: coturn processes, an HTTPS server
 * (one that answers, one that hangs), raw TCP services. The profile's real host names are
 * resolved to loopback by the browser, so the shipped host permissions apply unchanged.
 */
const NETWORK_CHECKS = ['https-endpoints', 'tcp-hosts', 'stun', 'turn-udp', 'turn-tcp', 'media-ports', 'media-path'];
const GOOD = { username: 'test', credential: 'test' };
/** The process that owns each browser's WebRTC sockets, as `ss -p` names it. */
const BROWSER_PROCESS: Record<BrowserName, string> = { chromium: 'chromium', firefox: 'Socket Process' };

/** Imports the profile on the options page, then runs from the popup and returns the stored run. */
async function runWith(
  harness: Harness,
  profile: Profile,
  during?: (popup: Page) => Promise<void>,
): Promise<RunRecord> {
  const options = await importProfile(harness, JSON.stringify(profile));
  const before = await readLastRun(options);
  const popup = await harness.openExtensionPage('popup.html');
  await during?.(popup);
  const run = await waitForNewRun(options, before?.id, 60_000);
  if (!popup.isClosed()) await popup.close();
  await options.close();
  expect(run.profile.id).toBe(profile.id);
  return run;
}

const diagnostic = (run: RunRecord, id: string): Diagnostic => run.diagnostics.find((d) => d.checkId === id)!;

/** Loopback HTTPS and raw TCP servers behind the web endpoints, so a run reaches the network checks. */
async function webServers() {
  const http = await startHttps((req, res) => {
    res.writeHead(req.url?.startsWith('/sync') ? 404 : 200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  const tlm = await startRawTcp('answer');
  return {
    http,
    tlm,
    ports: { portal: http.port, sig1: http.port, sig2: http.port, tlm: tlm.port, tlm2: tlm.port },
    stop: async () => {
      await http.stop();
      await tlm.stop();
    },
  };
}

describe.each<BrowserName>(['chromium', 'firefox'])('network checks in %s', (name) => {
  let harness: Harness;
  let hanging: Http;
  let web: Awaited<ReturnType<typeof webServers>>;
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    web = await webServers();
    hanging = await startHttps(() => undefined);
    cleanup.push(web.stop, hanging.stop);
    harness = await launch(name, { loopbackHosts: Object.values(TEST_HOSTS) });
  });
  afterAll(async () => {
    await harness?.close();
    for (const stop of cleanup) await stop().catch(() => undefined);
  });

  const profileFor = (setup: Partial<NetworkSetup> & Pick<NetworkSetup, 'env1' | 'env2'>) =>
    networkProfile({ ...web.ports, ...setup });

  /**
   * The web endpoints of webServers() answer 200 (portal) and the app's own 404 (signalling
   * URLs), over the tests' private root. Chromium shows extensions no certificate: the 404s
   * pass. Firefox shows the chain, and it does not end at a root Firefox ships, as behind an
   * inspecting antivirus or proxy: a 4xx over it is a sign of a filter, truthfully a warning.
   */
  const WEB_ENDPOINTS = name === 'firefox' ? 'warn' : 'pass';
  const ROOT_SIGN =
    'certificate issued by a root installed here: O=Therap-e readiness tests,CN=E2E Antivirus Web Shield Root';
  const expectWebEndpoints = (run: RunRecord) => {
    const endpoints = diagnostic(run, 'https-endpoints');
    const at = (host: string) => `${host}:${web.http.port}`;
    if (name === 'chromium')
      expect(endpoints).toMatchObject({ status: 'pass', message: { key: 'check_https_endpoints_pass' } });
    else
      expect(endpoints).toMatchObject({
        status: 'warn',
        message: {
          key: 'check_https_endpoints_filtered',
          params: { hosts: `${at(TEST_HOSTS.sig1)} (HTTP 404), ${at(TEST_HOSTS.sig2)} (HTTP 404)` },
        },
      });
    const seen = endpoints.evidence.endpoints as string[];
    const ms = (line?: string) => line?.match(/ in (\d+) ms/)?.[1];
    expect(seen[0]).toBe(`NET-PORTAL https://${at(TEST_HOSTS.portal)}/: HTTP 200 in ${ms(seen[0])} ms (127.0.0.1)`);
    const sign = name === 'firefox' ? `; signs of a proxy or filter: ${ROOT_SIGN}` : '';
    expect(seen[1]).toBe(
      `NET-SIG-1 https://${at(TEST_HOSTS.sig1)}/sync: HTTP 404 in ${ms(seen[1])} ms (127.0.0.1)${sign}`,
    );
  };

  it('good credentials: every flow is open and the media path is measured', async () => {
    const turn: Turn = await startTurn();
    cleanup.push(turn.stop);
    const sockets = sampleUdpSockets();
    cleanup.push(() => sockets.stop().then(() => undefined));
    const run = await runWith(harness, profileFor({ env1: [turn.port], env2: [turn.port], credentials: GOOD }));
    const browserSockets = (await sockets.stop()).filter((s) => s.process === BROWSER_PROCESS[name]);
    expect(browserSockets.length).toBeGreaterThan(0);
    // Chromium: the media path's transport has a video call's receive buffer (1 MiB asked; the
    // kernel caps it at net.core.rmem_max, then doubles it), not the 64 KiB (131,072 shown) of a
    // data-channel-only transport. Firefox leaves its sockets at the system default either way.
    const largest = Math.max(...browserSockets.map((s) => s.receiveBuffer));
    const rmemMax = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
    if (name === 'chromium') {
      expect(largest).toBeGreaterThanOrEqual(2 * Math.min(1024 * 1024, rmemMax));
      expect(largest).toBeGreaterThan(2 * 64 * 1024);
    }
    expect(Object.fromEntries(NETWORK_CHECKS.map((id) => [id, diagnostic(run, id).status]))).toEqual({
      'https-endpoints': WEB_ENDPOINTS,
      // The banner service at its published address: Firefox shows that address, Chromium shows none.
      'tcp-hosts': name === 'firefox' ? 'pass' : 'warn',
      stun: 'pass',
      'turn-udp': 'pass',
      'turn-tcp': 'pass',
      'media-ports': 'manual',
      'media-path': 'pass',
    });
    expect(String(diagnostic(run, 'tcp-hosts').evidence.hosts)).toContain(
      name === 'firefox'
        ? `${TEST_HOSTS.tlm}:${web.tlm.port}: open (`
        : `${TEST_HOSTS.tlm}:${web.tlm.port}: unproven (net::ERR_SSL_PROTOCOL_ERROR`,
    );
    const path = diagnostic(run, 'media-path').evidence;
    expect(path.stages).toEqual(['allocating', 'connecting', 'round-trip', 'throughput-up', 'throughput-down']);
    expect(Number(path.upMbps)).toBeGreaterThan(2);
    expect(Number(path.rttSamples)).toBeGreaterThan(30);
    expectWebEndpoints(run);
    // No secret in what is stored.
    expect(JSON.stringify(run)).not.toContain('"test"');
    await turn.stop();
  });

  it('wrong credentials: servers are reachable, authentication refused, not blocked', async () => {
    const turn = await startTurn();
    cleanup.push(turn.stop);
    const run = await runWith(
      harness,
      profileFor({ env1: [turn.port], env2: [turn.port], credentials: { username: 'test', credential: 'wrong' } }),
    );
    for (const id of ['turn-udp', 'turn-tcp'])
      expect(diagnostic(run, id)).toMatchObject({
        status: 'pass',
        message: { key: `check_${id.replace('-', '_')}_pass_auth_refused` },
      });
    expect(diagnostic(run, 'media-path')).toMatchObject({
      status: 'manual',
      message: { key: 'check_media_path_credentials_refused' },
    });
    expect(JSON.stringify(run)).not.toContain('wrong');
    await turn.stop();
  });

  it('nothing listening and every endpoint black-holed: blocked, within the profile’s bound, no check timed out', async () => {
    const hole = await startBlackHole();
    const silentTcp = await startRawTcp('silent');
    const closed = await freePort();
    cleanup.push(hole.stop, silentTcp.stop);
    const profile = networkProfile({
      portal: hanging.port,
      sig1: hanging.port,
      sig2: closed,
      tlm: silentTcp.port,
      tlm2: closed,
      env1: [hole.port],
      env2: [closed],
      credentials: GOOD,
    });
    const run = await runWith(harness, profile);
    for (const id of ['stun', 'turn-udp', 'turn-tcp', 'https-endpoints', 'tcp-hosts'])
      expect(diagnostic(run, id).status, id).toBe('fail');
    expect(diagnostic(run, 'media-path')).toMatchObject({
      status: 'fail',
      message: { key: 'check_media_path_no_relay' },
    });
    expect(run.diagnostics.filter((d) => d.message.key === 'engine_timeout')).toEqual([]);
    const endpoints = String(diagnostic(run, 'https-endpoints').evidence.endpoints);
    expect(endpoints).toContain(`NET-PORTAL https://${TEST_HOSTS.portal}:${hanging.port}/: timeout`);
    expect(endpoints).toMatch(/NET-SIG-2 \S+: refused/);
    const hosts = String(diagnostic(run, 'tcp-hosts').evidence.hosts);
    expect(hosts).toContain(`${TEST_HOSTS.tlm}:${silentTcp.port}: filtered`);
    expect(hosts).toContain(`${TEST_HOSTS.tlm2}:${closed}: closed`);
    for (const id of NETWORK_CHECKS)
      expect(diagnostic(run, id).durationMs, id).toBeLessThan(profile.timeouts.networkSuiteMs);
    await hole.stop();
    await silentTcp.stop();
  });

  it('answers that are not the host: a redirect elsewhere, a proxy’s block page, a plain-HTTP answer from another address, a reset', async () => {
    const filter = await startHttps((req, res) => {
      if (req.headers.host?.startsWith(TEST_HOSTS.portal)) {
        // A filter sending the portal to its block page on another host (never followed).
        res.writeHead(302, { location: 'http://blocked.example.invalid/page?from=portal' });
      } else if (req.headers.host?.startsWith(TEST_HOSTS.sig1)) {
        // The app's own redirect within its host: fine.
        res.writeHead(301, { location: '/sync/' });
      } else {
        // A proxy's block page, naming itself.
        res.writeHead(403, { via: '1.1 proxy.chu.local (squid/5.7)', 'x-squid-error': 'ERR_ACCESS_DENIED 0' });
      }
      res.end();
    });
    const proxyHttp = await startRawTcp('http');
    const resetting = await startRawTcp('reset');
    cleanup.push(filter.stop, proxyHttp.stop, resetting.stop);
    const profile = networkProfile({
      portal: filter.port,
      sig1: filter.port,
      sig2: filter.port,
      tlm: proxyHttp.port,
      tlm2: resetting.port,
      env1: [9],
      env2: [9],
      transports: ['turn-tcp'],
      probeMs: 1500,
      networkSuiteMs: 4000,
    });
    // tlm keeps its real published address: the plain-HTTP answer comes from elsewhere (127.0.0.1).
    profile.network.tcp[0]!.expectedIps = ['5.226.12.197'];
    const run = await runWith(harness, profile);

    const endpoints = diagnostic(run, 'https-endpoints');
    expect(endpoints).toMatchObject({
      status: 'warn',
      message: {
        key: 'check_https_endpoints_redirected',
        params: { hosts: `${TEST_HOSTS.portal}:${filter.port} → blocked.example.invalid` },
      },
    });
    expect(endpoints.fixes.map((f) => f.key)).toEqual([
      'check_https_endpoints_fix_redirected',
      'check_https_endpoints_fix_filtered',
      'check_https_endpoints_fix_flow_test',
    ]);
    expect(endpoints.fixes[1]?.params).toEqual({ hosts: `${TEST_HOSTS.sig2}:${filter.port} (HTTP 403)` });
    const seen = endpoints.evidence.endpoints as string[];
    expect(seen[0]).toMatch(
      new RegExp(
        `^NET-PORTAL \\S+: HTTP 302 in \\d+ ms \\(127\\.0\\.0\\.1\\), redirected to: http://blocked\\.example\\.invalid/page\\?from=portal$`,
      ),
    );
    expect(seen[1]).toMatch(new RegExp(`redirected to: https://${TEST_HOSTS.sig1}:${filter.port}/sync/$`));
    // Firefox also names the certificate's root, which it does not ship (see WEB_ENDPOINTS).
    expect(seen[2]).toMatch(
      /HTTP 403 in \d+ ms \(127\.0\.0\.1\); signs of a proxy or filter: via: 1\.1 proxy\.chu\.local \(squid\/5\.7\); x-squid-error: ERR_ACCESS_DENIED 0/,
    );
    expect(seen[2]!.endsWith(name === 'firefox' ? `; ${ROOT_SIGN}` : 'ERR_ACCESS_DENIED 0')).toBe(true);

    const tcp = diagnostic(run, 'tcp-hosts');
    expect(tcp).toMatchObject({
      status: 'warn',
      message: {
        key: 'check_tcp_hosts_unproven',
        params: { hosts: `${TEST_HOSTS.tlm}:${proxyHttp.port}, ${TEST_HOSTS.tlm2}:${resetting.port}` },
      },
    });
    const hosts = tcp.evidence.hosts as string[];
    expect(hosts[0]).toMatch(new RegExp(`^${TEST_HOSTS.tlm}:${proxyHttp.port}: unproven \\(`));
    // Firefox tells the address of a failed TLS handshake; Chromium does not, so it can never tell who answered.
    expect(hosts[0]).toContain(
      name === 'firefox'
        ? 'reached 127.0.0.1, not the published 5.226.12.197'
        : 'the browser does not show the address reached',
    );
    expect(hosts[1]).toContain('reset during the handshake');
    await filter.stop();
    await proxyHttp.stop();
    await resetting.stop();
  });

  it('TCP only: UDP blocked, TURN over TCP works: fails (§5), saying video would still relay over TCP', async () => {
    const turn = await startTurn({ udp: false });
    cleanup.push(turn.stop);
    const run = await runWith(harness, profileFor({ env1: [turn.port], env2: [turn.port], credentials: GOOD }));
    expect(diagnostic(run, 'stun')).toMatchObject({
      status: 'fail',
      message: { key: 'check_stun_udp_blocked_tcp_ok' },
      evidence: { tcpFallback: ['127.0.0.1'] },
    });
    expect(diagnostic(run, 'turn-udp')).toMatchObject({
      status: 'fail',
      message: { key: 'check_turn_udp_udp_blocked_tcp_ok' },
      evidence: { tcpFallback: ['127.0.0.1'] },
    });
    expect(diagnostic(run, 'turn-tcp').status).toBe('pass');
    expect(diagnostic(run, 'media-path').evidence.relay).toBe(`turn:127.0.0.1:${turn.port}?transport=tcp`);
    await turn.stop();
  });

  it('the TURN server killed during the run: every check still ends with a verdict', async () => {
    const turn = await startTurn({ verbose: true });
    cleanup.push(turn.stop);
    const run = await runWith(
      harness,
      profileFor({ env1: [turn.port], env2: [turn.port], credentials: GOOD }),
      async () => {
        // Killed as the media path starts using the relay: the first permission the server
        // grants is for the media path's two peer connections (the STUN/TURN probes only
        // allocate), so the kill lands at the same point of the run in both browsers.
        await turn.logged(/CREATE_PERMISSION/);
        turn.process.kill('SIGKILL');
      },
    );
    // The STUN/TURN probes were answered before the kill (pass); the media path loses the relay
    // carrying it and fails. The web flows do not use the TURN server (as without the kill: see
    // WEB_ENDPOINTS); the TCP host passes where the browser shows who answered (Firefox) and is
    // unproven in Chromium; media-ports is always manual.
    expectWebEndpoints(run);
    expect(Object.fromEntries(NETWORK_CHECKS.map((id) => [id, diagnostic(run, id).status]))).toEqual({
      'https-endpoints': WEB_ENDPOINTS,
      'tcp-hosts': name === 'firefox' ? 'pass' : 'warn',
      stun: 'pass',
      'turn-udp': 'pass',
      'turn-tcp': 'pass',
      'media-ports': 'manual',
      'media-path': 'fail',
    });
    expect(run.diagnostics).toHaveLength(run.planned);
    await turn.stop();
  });

  it('closing the popup as soon as the run started does not stop the network checks', async () => {
    const turn = await startTurn({ verbose: true });
    cleanup.push(turn.stop);
    const run = await runWith(
      harness,
      profileFor({ env1: [turn.port], env2: [turn.port], credentials: GOOD }),
      async (popup) => {
        // Closed while the STUN/TURN probes run: the relay has seen the run's first allocation,
        // and the background sends the page nothing until the probes settle.
        await turn.logged(/ALLOCATE/);
        await popup.close();
      },
    );
    expect(diagnostic(run, 'turn-udp').status).toBe('pass');
    expect(diagnostic(run, 'media-path').status).toBe('pass');
    await turn.stop();
  });
});

/**
 * Firefox ESR 102–140 never fires `icecandidateerror` (Firefox 150 added it). The same real
 * Firefox, the same real coturn, with the shipped build (the event is there) and the test-only
 * build that behaves as if it were not: each path must give exactly these verdicts.
 */
type Setup = 'good' | 'good, no credentials' | 'TCP only' | 'dead' | 'wrong credentials';
type Verdicts = Record<'stun' | 'turn-udp' | 'turn-tcp', string> & { 'media-path'?: string };
const ICE_PATHS: { build: string; events: boolean; expected: Record<Setup, Verdicts> }[] = [
  {
    build: 'shipped build (icecandidateerror present)',
    events: true,
    expected: {
      good: { stun: 'pass pass', 'turn-udp': 'pass pass', 'turn-tcp': 'pass pass', 'media-path': 'pass pass' },
      'good, no credentials': {
        stun: 'pass pass',
        'turn-udp': 'pass pass',
        'turn-tcp': 'pass pass',
        'media-path': 'manual no_credentials',
      },
      'TCP only': { stun: 'fail udp_blocked_tcp_ok', 'turn-udp': 'fail udp_blocked_tcp_ok', 'turn-tcp': 'pass pass' },
      dead: {
        stun: 'fail blocked',
        'turn-udp': 'fail blocked',
        'turn-tcp': 'fail blocked',
        'media-path': 'fail no_relay',
      },
      'wrong credentials': {
        stun: 'pass pass',
        'turn-udp': 'pass pass_auth_refused',
        'turn-tcp': 'pass pass_auth_refused',
        'media-path': 'manual credentials_refused',
      },
    },
  },
  {
    build: 'test build without icecandidateerror (as Firefox ESR 102–140)',
    events: false,
    expected: {
      // Relay candidates prove TURN, and the TURN/UDP relay proves the UDP flow STUN uses.
      good: { stun: 'pass pass', 'turn-udp': 'pass pass', 'turn-tcp': 'pass pass', 'media-path': 'pass pass' },
      // Firefox gathers a srflx candidate even on loopback: STUN is proven by the candidate itself.
      'good, no credentials': {
        stun: 'pass pass',
        'turn-udp': 'manual no_error_events',
        'turn-tcp': 'manual no_error_events',
        'media-path': 'manual no_credentials',
      },
      // The relay over TCP proves the credentials: no relay over UDP is a block (media-path's
      // throughput over the TCP relay is not what these paths are about).
      'TCP only': { stun: 'fail udp_blocked_tcp_ok', 'turn-udp': 'fail udp_blocked_tcp_ok', 'turn-tcp': 'pass pass' },
      dead: {
        stun: 'manual no_error_events',
        'turn-udp': 'manual no_error_events',
        'turn-tcp': 'manual no_error_events',
        'media-path': 'manual relay_unproven',
      },
      'wrong credentials': {
        stun: 'pass pass',
        'turn-udp': 'manual no_error_events',
        'turn-tcp': 'manual no_error_events',
        'media-path': 'manual relay_unproven',
      },
    },
  },
];

describe.each(ICE_PATHS)('STUN/TURN verdicts in Firefox, $build, against real coturn', ({ events, expected }) => {
  let harness: Harness;
  let web: Awaited<ReturnType<typeof webServers>>;

  beforeAll(async () => {
    if (!events)
      expect(existsSync(FIREFOX_NO_ICE_ERROR_EVENT_BUILD), 'run `npm run build:no-ice-error-event` first').toBe(true);
    web = await webServers();
    harness = await launch('firefox', {
      loopbackHosts: Object.values(TEST_HOSTS),
      ...(!events && { firefoxBuild: FIREFOX_NO_ICE_ERROR_EVENT_BUILD }),
    });
  });
  afterAll(async () => {
    await harness?.close();
    await web?.stop();
  });

  /** Starts the servers of a setup; returns the TURN ports, the credentials, and how to stop. */
  async function serversFor(setup: Setup) {
    if (setup === 'dead') {
      const closed = await freePort();
      return { port: closed, credentials: GOOD, stop: async () => undefined };
    }
    const turn = await startTurn({ udp: setup !== 'TCP only' });
    const credentials =
      setup === 'good, no credentials'
        ? undefined
        : setup === 'wrong credentials'
          ? { username: 'test', credential: 'wrong' }
          : GOOD;
    return { port: turn.port, credentials, stop: turn.stop };
  }

  it.each(Object.keys(expected) as Setup[])('%s', async (setup) => {
    const servers = await serversFor(setup);
    try {
      const run = await runWith(
        harness,
        networkProfile({
          ...web.ports,
          env1: [servers.port],
          env2: [servers.port],
          ...(servers.credentials && { credentials: servers.credentials }),
        }),
      );
      const seen = Object.fromEntries(
        Object.keys(expected[setup]).map((id) => {
          const d = diagnostic(run, id);
          return [id, `${d.status} ${d.message.key.replace(`check_${id.replace('-', '_')}_`, '')}`];
        }),
      );
      expect(seen).toEqual(expected[setup]);
      for (const id of ['stun', 'turn-udp', 'turn-tcp']) {
        const d = diagnostic(run, id);
        // The evidence says when the browser cannot report ICE errors; the shipped build never says so here.
        expect(d.evidence.iceErrorEvents, id).toBe(events ? undefined : false);
        if (d.status === 'manual') {
          expect(
            d.fixes?.map((f) => [f.key, f.url]),
            id,
          ).toEqual([
            [`check_${id.replace('-', '_')}_fix_flow_test_steps`, 'https://mire-multiplexage-tlm.maincare.com/'],
          ]);
          expect(String(d.evidence.probes), id).toMatch(/: unproven \(/);
        }
        if (d.message.key.endsWith('udp_blocked_tcp_ok')) expect(d.evidence.tcpFallback, id).toEqual(['127.0.0.1']);
        // Without the event, a STUN pass rests on a candidate: srflx, or the TURN/UDP relay on that port.
        if (!events && id === 'stun' && d.status === 'pass') {
          const relayed = String(diagnostic(run, 'turn-udp').evidence.probes).includes('allocated');
          expect(String(d.evidence.probes), id).toMatch(relayed ? /answered/ : /answered \(.*srflx/);
        }
      }
      expect(JSON.stringify(run)).not.toMatch(/"(test|wrong)"/);
    } finally {
      await servers.stop();
    }
  });
});
