import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../utils/engine/types';
import type { Profile } from '../../utils/profile/types';
import type { RunRecord } from '../../utils/run/types';
import { importProfile, launch, readLastRun, waitForNewRun, type BrowserName, type Harness } from './browsers';
import { networkProfile, TEST_HOSTS, type NetworkSetup } from './profiles';
import { freePort, startBlackHole, startHttp, startRawTcp, startTurn, type Http, type Turn } from './servers';

/**
 * The network checks against real servers on loopback: coturn processes, an HTTP server
 * (one that answers, one that hangs), raw TCP services. The profile's real host names are
 * resolved to loopback by the browser, so the shipped host permissions apply unchanged.
 */
const NETWORK_CHECKS = ['https-endpoints', 'tcp-hosts', 'stun', 'turn-udp', 'turn-tcp', 'media-ports', 'media-path'];
const GOOD = { username: 'test', credential: 'test' };

describe.each<BrowserName>(['chromium', 'firefox'])('network checks in %s', (name) => {
  let harness: Harness;
  let http: Http;
  let hanging: Http;
  let tlm: Http;
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    http = await startHttp((req, res) => {
      res.writeHead(req.url?.startsWith('/sync') ? 404 : 200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    hanging = await startHttp(() => undefined);
    tlm = await startRawTcp('answer');
    cleanup.push(http.stop, hanging.stop, tlm.stop);
    harness = await launch(name, { loopbackHosts: Object.values(TEST_HOSTS) });
  });
  afterAll(async () => {
    await harness?.close();
    for (const stop of cleanup) await stop().catch(() => undefined);
  });

  const web = () => ({ portal: http.port, sig1: http.port, sig2: http.port, tlm: tlm.port, tlm2: tlm.port });

  /** Imports the profile on the options page, then runs from the popup and returns the stored run. */
  async function runWith(profile: Profile, during?: (popup: Page) => Promise<void>): Promise<RunRecord> {
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
  const profileFor = (setup: Partial<NetworkSetup> & Pick<NetworkSetup, 'env1' | 'env2'>) =>
    networkProfile({ ...web(), ...setup });

  it('good credentials: every flow passes and the media path is measured', async () => {
    const turn: Turn = await startTurn();
    cleanup.push(turn.stop);
    const run = await runWith(profileFor({ env1: [turn.port], env2: [turn.port], credentials: GOOD }));
    expect(Object.fromEntries(NETWORK_CHECKS.map((id) => [id, diagnostic(run, id).status]))).toEqual({
      'https-endpoints': 'pass',
      'tcp-hosts': 'pass',
      stun: 'pass',
      'turn-udp': 'pass',
      'turn-tcp': 'pass',
      'media-ports': 'manual',
      'media-path': 'pass',
    });
    const path = diagnostic(run, 'media-path').evidence;
    expect(path.stages).toEqual(['allocating', 'connecting', 'round-trip', 'throughput-up', 'throughput-down']);
    expect(Number(path.upMbps)).toBeGreaterThan(2);
    expect(Number(path.rttSamples)).toBeGreaterThan(30);
    expect(diagnostic(run, 'https-endpoints').evidence.endpoints).toContain(
      `NET-SIG-1 http://${TEST_HOSTS.sig1}:${http.port}/sync: HTTP 404 in ${String(diagnostic(run, 'https-endpoints').evidence.endpoints).match(/sync: HTTP 404 in (\d+) ms/)?.[1]} ms (127.0.0.1)`,
    );
    // No secret in what is stored.
    expect(JSON.stringify(run)).not.toContain('"test"');
    await turn.stop();
  });

  it('wrong credentials: servers are reachable, authentication refused, not blocked', async () => {
    const turn = await startTurn();
    cleanup.push(turn.stop);
    const run = await runWith(
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
    const run = await runWith(profile);
    for (const id of ['stun', 'turn-udp', 'turn-tcp', 'https-endpoints', 'tcp-hosts'])
      expect(diagnostic(run, id).status, id).toBe('fail');
    expect(diagnostic(run, 'media-path')).toMatchObject({
      status: 'fail',
      message: { key: 'check_media_path_no_relay' },
    });
    expect(run.diagnostics.filter((d) => d.message.key === 'engine_timeout')).toEqual([]);
    const endpoints = String(diagnostic(run, 'https-endpoints').evidence.endpoints);
    expect(endpoints).toContain(`NET-PORTAL http://${TEST_HOSTS.portal}:${hanging.port}/: timeout`);
    expect(endpoints).toMatch(/NET-SIG-2 \S+: refused/);
    const hosts = String(diagnostic(run, 'tcp-hosts').evidence.hosts);
    expect(hosts).toContain(`${TEST_HOSTS.tlm}:${silentTcp.port}: filtered`);
    expect(hosts).toContain(`${TEST_HOSTS.tlm2}:${closed}: closed`);
    for (const id of NETWORK_CHECKS)
      expect(diagnostic(run, id).durationMs, id).toBeLessThan(profile.timeouts.networkSuiteMs);
    await hole.stop();
    await silentTcp.stop();
  });

  it('TCP only: UDP blocked, TURN over TCP works, a warning that video will relay over TCP', async () => {
    const turn = await startTurn({ udp: false });
    cleanup.push(turn.stop);
    const run = await runWith(profileFor({ env1: [turn.port], env2: [turn.port], credentials: GOOD }));
    expect(diagnostic(run, 'stun')).toMatchObject({
      status: 'warn',
      message: { key: 'check_stun_udp_blocked_tcp_ok' },
    });
    expect(diagnostic(run, 'turn-udp')).toMatchObject({
      status: 'warn',
      message: { key: 'check_turn_udp_udp_blocked_tcp_ok' },
    });
    expect(diagnostic(run, 'turn-tcp').status).toBe('pass');
    expect(diagnostic(run, 'media-path').evidence.relay).toBe(`turn:127.0.0.1:${turn.port}?transport=tcp`);
    await turn.stop();
  });

  it('the TURN server killed during the run: every check still ends with a verdict', async () => {
    const turn = await startTurn();
    cleanup.push(turn.stop);
    const run = await runWith(profileFor({ env1: [turn.port], env2: [turn.port], credentials: GOOD }), async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      turn.process.kill('SIGKILL');
    });
    // What is true depends on where the kill lands, and that differs by browser (seen here):
    // - Chromium: 150 ms after the popup's DOMContentLoaded the run is still creating its
    //   offscreen document, so the server is dead before any probe: STUN and both TURN
    //   transports get no answer until the probe timeout (blocked: fail), and no relay means
    //   no media path (fail).
    // - Firefox: the popup opens with 'networkidle0' (500 ms quiet), by then the loopback
    //   probes (about 150 ms) have passed; the kill lands during the media-path measurement,
    //   which then fails (the relay carrying it is gone).
    // The web and TCP flows do not use the TURN server (pass); media-ports is always manual.
    const probesDone = name === 'firefox';
    expect(Object.fromEntries(NETWORK_CHECKS.map((id) => [id, diagnostic(run, id).status]))).toEqual({
      'https-endpoints': 'pass',
      'tcp-hosts': 'pass',
      stun: probesDone ? 'pass' : 'fail',
      'turn-udp': probesDone ? 'pass' : 'fail',
      'turn-tcp': probesDone ? 'pass' : 'fail',
      'media-ports': 'manual',
      'media-path': 'fail',
    });
    expect(run.diagnostics).toHaveLength(run.planned);
    await turn.stop();
  });

  it('closing the popup as soon as the run started does not stop the network checks', async () => {
    const turn = await startTurn();
    cleanup.push(turn.stop);
    const run = await runWith(
      profileFor({ env1: [turn.port], env2: [turn.port], credentials: GOOD }),
      async (popup) => {
        // The progress bar shows once the background has started the run: close right then.
        await popup.waitForSelector('header.verdict progress');
        await popup.close();
      },
    );
    expect(diagnostic(run, 'turn-udp').status).toBe('pass');
    expect(diagnostic(run, 'media-path').status).toBe('pass');
    await turn.stop();
  });
});
