import { describe, expect, it } from 'vitest';
import {
  corroborate,
  iceUrl,
  isRelay,
  isServerReflexive,
  judgeIce,
  parseCandidate,
  reachable,
  type IceObservation,
  type IceOutcome,
} from '../../../utils/net/ice';
import type { MediaTransport } from '../../../utils/profile/types';

const seen = (o: Partial<IceObservation>): IceObservation => ({
  candidateTypes: [],
  errorCodes: [],
  completed: false,
  hostCandidates: 1,
  elapsedMs: 100,
  errorEvents: true,
  ...o,
});
/** The same observation in a browser without `icecandidateerror` (Firefox ESR 102–140): no error codes ever. */
const esr = (o: Partial<IceObservation>): IceObservation => seen({ ...o, errorCodes: [], errorEvents: false });

describe('ICE helpers', () => {
  it('builds one URL per transport, never with credentials', () => {
    expect(iceUrl('mediaserver1-1.maincare.com', 3478, 'stun-udp')).toBe('stun:mediaserver1-1.maincare.com:3478');
    expect(iceUrl('h', 3478, 'turn-udp')).toBe('turn:h:3478?transport=udp');
    expect(iceUrl('h', 3478, 'turn-tcp')).toBe('turn:h:3478?transport=tcp');
    expect(iceUrl('h', 443, 'turns-tcp')).toBe('turns:h:443?transport=tcp');
  });

  it('parses Chromium and Firefox candidate lines', () => {
    const relay = parseCandidate(
      'candidate:1650187463 1 udp 41885439 127.0.0.1 50017 typ relay raddr 0.0.0.0 rport 0 generation 0 ufrag x network-cost 999',
    );
    expect(relay).toMatchObject({ type: 'relay', protocol: 'udp', address: '127.0.0.1', port: 50017 });
    expect(isRelay(relay)).toBe(true);
    const srflx = parseCandidate('candidate:2 1 UDP 1686052863 203.0.113.7 61003 typ srflx raddr 10.0.0.5 rport 61003');
    expect(isServerReflexive(srflx)).toBe(true);
    expect(parseCandidate('candidate:0 1 TCP 2105524479 8f1e.local 9 typ host tcptype active')?.type).toBe('host');
  });

  it('ignores Firefox’s empty end-of-candidates string and junk', () => {
    expect(parseCandidate('')).toBeUndefined();
    expect(parseCandidate('a=end-of-candidates')).toBeUndefined();
  });

  it('judges TURN: relay = allocated, 401 = reachable with refused credentials, 701 or silence = blocked', () => {
    expect(judgeIce('turn-udp', seen({ candidateTypes: ['relay'] }))).toBe('allocated');
    expect(judgeIce('turn-tcp', seen({ errorCodes: [401] }))).toBe('auth-refused');
    expect(judgeIce('turn-udp', seen({ errorCodes: [701], completed: true }))).toBe('blocked');
    expect(judgeIce('turn-udp', seen({}))).toBe('no-answer');
    expect(reachable('auth-refused')).toBe(true);
    expect(reachable('no-answer')).toBe(false);
  });

  it('recognises a STUN answer without NAT: gathering completed with no 701 (no srflx on loopback)', () => {
    expect(judgeIce('stun-udp', seen({ completed: true, hostCandidates: 0 }))).toBe('answered');
    expect(judgeIce('stun-udp', seen({ candidateTypes: ['host', 'srflx'] }))).toBe('answered');
  });

  it('never counts STUN as answered without proof: any 701 without srflx is blocked (an unresolvable name gives one 701)', () => {
    expect(judgeIce('stun-udp', seen({ completed: true, hostCandidates: 2, errorCodes: [701, 701] }))).toBe('blocked');
    expect(judgeIce('stun-udp', seen({ completed: true, hostCandidates: 3, errorCodes: [701] }))).toBe('blocked');
    expect(judgeIce('stun-udp', seen({ completed: false }))).toBe('no-answer');
  });

  it('without icecandidateerror, a gathering that ends with nothing proves nothing: unproven, never answered nor blocked', () => {
    // A STUN server that answered on loopback (no srflx) and a closed port that ends gathering fast look alike.
    expect(judgeIce('stun-udp', esr({ completed: true, hostCandidates: 1, elapsedMs: 40 }))).toBe('unproven');
    expect(judgeIce('stun-udp', esr({ completed: false, elapsedMs: 3000 }))).toBe('unproven');
    // TURN without valid credentials (the 401 never reaches the page) and a blocked TURN server look alike.
    expect(judgeIce('turn-udp', esr({ completed: true, candidateTypes: ['host'] }))).toBe('unproven');
    expect(judgeIce('turn-tcp', esr({ completed: false, elapsedMs: 3000 }))).toBe('unproven');
    expect(reachable('unproven')).toBe(false);
  });

  it('without icecandidateerror, candidates still prove: srflx = STUN answered, relay = TURN allocated', () => {
    expect(judgeIce('stun-udp', esr({ candidateTypes: ['host', 'srflx'] }))).toBe('answered');
    expect(judgeIce('turn-udp', esr({ candidateTypes: ['host', 'relay'] }))).toBe('allocated');
    expect(judgeIce('turn-tcp', esr({ candidateTypes: ['relay'], completed: true }))).toBe('allocated');
  });

  describe('corroborate (other probes of the run prove an unproven one)', () => {
    const probe = (transport: MediaTransport, outcome: IceOutcome, completed = true) => ({
      host: 'mediaserver1-1.maincare.com',
      port: 3478,
      transport,
      outcome,
      completed,
    });
    const outcomes = (probes: ReturnType<typeof probe>[]) => corroborate(probes).map((p) => p.outcome);

    it('credentials accepted over TCP (relay) and no relay over UDP: UDP blocked, and STUN on that port blocked', () => {
      expect(
        outcomes([probe('stun-udp', 'unproven'), probe('turn-udp', 'unproven', false), probe('turn-tcp', 'allocated')]),
      ).toEqual(['no-answer', 'no-answer', 'allocated']);
    });

    it('a TURN/UDP relay proves the UDP flow STUN uses on the same host and port', () => {
      expect(
        outcomes([probe('stun-udp', 'unproven'), probe('turn-udp', 'allocated'), probe('turn-tcp', 'allocated')]),
      ).toEqual(['answered', 'allocated', 'allocated']);
    });

    it('no relay anywhere on that server (no or wrong credentials, or all blocked): everything stays unproven', () => {
      expect(
        outcomes([probe('stun-udp', 'unproven'), probe('turn-udp', 'unproven'), probe('turn-tcp', 'unproven')]),
      ).toEqual(['unproven', 'unproven', 'unproven']);
    });

    it('a relay on another server proves nothing about this one', () => {
      const other = { ...probe('turn-tcp', 'allocated'), host: 'mediaserver1-2.maincare.com' };
      expect(outcomes([probe('turn-udp', 'unproven'), other])).toEqual(['unproven', 'allocated']);
    });

    it('changes nothing where the browser reported errors (no unproven outcome)', () => {
      const probes = [probe('stun-udp', 'answered'), probe('turn-udp', 'auth-refused'), probe('turn-tcp', 'blocked')];
      expect(corroborate(probes)).toEqual(probes);
    });
  });
});
