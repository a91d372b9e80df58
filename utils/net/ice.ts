import type { MediaTransport } from '../profile/types';

/** ICE server URL for one server and one transport (never with credentials in it). */
export function iceUrl(host: string, port: number, transport: MediaTransport): string {
  switch (transport) {
    case 'stun-udp':
      return `stun:${host}:${port}`;
    case 'turn-udp':
      return `turn:${host}:${port}?transport=udp`;
    case 'turn-tcp':
      return `turn:${host}:${port}?transport=tcp`;
    case 'turns-tcp':
      return `turns:${host}:${port}?transport=tcp`;
  }
}

export interface ParsedCandidate {
  foundation: string;
  component: number;
  protocol: 'udp' | 'tcp';
  priority: number;
  address: string;
  port: number;
  type: 'host' | 'srflx' | 'prflx' | 'relay';
  relayProtocol?: 'udp' | 'tcp' | 'tls';
}

/**
 * Parses an SDP candidate line ("candidate:… typ relay …"). Firefox sends an empty string
 * before the end of gathering: that is not a candidate.
 */
export function parseCandidate(line: string): ParsedCandidate | undefined {
  const match = /^(?:a=)?candidate:(\S+) (\d+) (udp|tcp) (\d+) (\S+) (\d+) typ (host|srflx|prflx|relay)/i.exec(
    line.trim(),
  );
  if (!match) return undefined;
  return {
    foundation: match[1]!,
    component: Number(match[2]),
    protocol: match[3]!.toLowerCase() as 'udp' | 'tcp',
    priority: Number(match[4]),
    address: match[5]!,
    port: Number(match[6]),
    type: match[7]!.toLowerCase() as ParsedCandidate['type'],
  };
}

export const isRelay = (c: ParsedCandidate | undefined) => c?.type === 'relay';
export const isServerReflexive = (c: ParsedCandidate | undefined) => c?.type === 'srflx';

/** What one ICE gathering against one server and one transport showed. */
export interface IceObservation {
  candidateTypes: string[];
  /** icecandidateerror codes seen for this server (Firefox gives no text, and a url without ?transport=). */
  errorCodes: number[];
  /** Gathering reached "complete" before the deadline. */
  completed: boolean;
  hostCandidates: number;
  elapsedMs: number;
  /**
   * The browser fires `icecandidateerror` (Chrome 77+, Firefox 150+; detected by feature).
   * Without it no 401 nor 701 can ever be seen: silence proves nothing.
   */
  errorEvents: boolean;
}

/** `unproven`: the browser gave no evidence either way (no candidate, and it cannot report ICE errors). */
export type IceOutcome = 'allocated' | 'auth-refused' | 'answered' | 'blocked' | 'no-answer' | 'unproven';

/** Where the `icecandidateerror` event starts (@mdn/browser-compat-data): named in the evidence. */
export const ICE_ERROR_EVENT_SINCE = 'Chrome 77, Firefox 150';

/**
 * The verdict on one probe, from what was observed:
 * - TURN: a relay candidate proves an allocation; a 401 proves the server answered on that
 *   transport (credentials refused or absent); a 701 or nothing before the deadline: blocked.
 * - STUN: a server-reflexive candidate proves an answer; without NAT (no srflx) only a
 *   gathering that completes before the deadline with no 701 at all does. A 701 on one
 *   interface is not outweighed by others: an unresolvable host name also completes fast
 *   with a single 701 (seen on this closed network), and an unproven answer is no answer.
 * - A browser without `icecandidateerror` (every Firefox ESR before 150) reports neither the
 *   401 nor the 701: a gathering that ends without srflx or relay is `unproven`, never
 *   answered and never blocked (a TURN server refusing absent credentials and a blocked one
 *   look alike; a closed STUN port may end gathering fast with nothing to say so).
 */
export function judgeIce(transport: MediaTransport, o: IceObservation): IceOutcome {
  if (transport === 'stun-udp') {
    if (o.candidateTypes.includes('srflx')) return 'answered';
    if (!o.errorEvents) return 'unproven';
    if (o.completed && o.errorCodes.length === 0) return 'answered';
    return o.completed || o.errorCodes.length ? 'blocked' : 'no-answer';
  }
  if (o.candidateTypes.includes('relay')) return 'allocated';
  if (!o.errorEvents) return 'unproven';
  if (o.errorCodes.includes(401)) return 'auth-refused';
  return o.completed || o.errorCodes.length ? 'blocked' : 'no-answer';
}

interface JudgedProbe {
  host: string;
  port: number;
  transport: MediaTransport;
  outcome: IceOutcome;
  completed: boolean;
  /** The probe itself broke (not the network): it observed nothing, so nothing is inferred for it. */
  error?: string;
}

/**
 * What other probes of the same run prove about an `unproven` one (no error events):
 * - TURN: the profile's credentials gave a relay on this host over another transport, so the
 *   server accepts them; no relay on this transport within the bound then means it is blocked.
 * - STUN: a TURN/UDP probe of the same host and port went through the same UDP flow; its
 *   relay proves the flow open, its corroborated block proves it closed.
 * Anything else stays `unproven`, and so does a probe that broke (it saw nothing to corroborate).
 */
export function corroborate<T extends JudgedProbe>(probes: T[]): T[] {
  const silent = (p: T): IceOutcome => (p.completed ? 'blocked' : 'no-answer');
  const turn = probes.map((p) =>
    p.outcome === 'unproven' &&
    !p.error &&
    p.transport !== 'stun-udp' &&
    probes.some((q) => q.host === p.host && q.transport !== 'stun-udp' && q.outcome === 'allocated')
      ? { ...p, outcome: silent(p) }
      : p,
  );
  return turn.map((p) => {
    if (p.outcome !== 'unproven' || p.error || p.transport !== 'stun-udp') return p;
    const udp = turn.find((q) => q.host === p.host && q.port === p.port && q.transport === 'turn-udp');
    if (udp?.outcome === 'allocated') return { ...p, outcome: 'answered' };
    if (udp?.outcome === 'blocked' || udp?.outcome === 'no-answer') return { ...p, outcome: udp.outcome };
    return p;
  });
}

/** Reachable on that transport: the network lets the flow through. */
export const reachable = (outcome: IceOutcome) =>
  outcome === 'allocated' || outcome === 'auth-refused' || outcome === 'answered';
