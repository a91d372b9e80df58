import { describe, expect, it } from 'vitest';
import {
  iceUrl,
  isRelay,
  isServerReflexive,
  judgeIce,
  parseCandidate,
  reachable,
  type IceObservation,
} from '../../../utils/net/ice';

const seen = (o: Partial<IceObservation>): IceObservation => ({
  candidateTypes: [],
  errorCodes: [],
  completed: false,
  hostCandidates: 1,
  elapsedMs: 100,
  ...o,
});

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
});
