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
}

export type IceOutcome = 'allocated' | 'auth-refused' | 'answered' | 'blocked' | 'no-answer';

/**
 * The verdict on one probe, from what was observed:
 * - TURN: a relay candidate proves an allocation; a 401 proves the server answered on that
 *   transport (credentials refused or absent); a 701 or nothing before the deadline: blocked.
 * - STUN: a server-reflexive candidate proves an answer; without NAT (no srflx) only a
 *   gathering that completes before the deadline with no 701 at all does. A 701 on one
 *   interface is not outweighed by others: an unresolvable host name also completes fast
 *   with a single 701 (seen on this closed network), and an unproven answer is no answer.
 */
export function judgeIce(transport: MediaTransport, o: IceObservation): IceOutcome {
  if (transport === 'stun-udp') {
    if (o.candidateTypes.includes('srflx')) return 'answered';
    if (o.completed && o.errorCodes.length === 0) return 'answered';
    return o.completed || o.errorCodes.length ? 'blocked' : 'no-answer';
  }
  if (o.candidateTypes.includes('relay')) return 'allocated';
  if (o.errorCodes.includes(401)) return 'auth-refused';
  return o.completed || o.errorCodes.length ? 'blocked' : 'no-answer';
}

/** Reachable on that transport: the network lets the flow through. */
export const reachable = (outcome: IceOutcome) =>
  outcome === 'allocated' || outcome === 'auth-refused' || outcome === 'answered';
