import { isRelay, isServerReflexive, parseCandidate } from '../../net/ice';
import type { IceProbeRequest, IceProbeResult } from '../types';

/**
 * ICE probing: one gathering per server and transport. Runs where RTCPeerConnection exists:
 * Firefox's background page, or Chrome's offscreen document (the MV3 service worker has none).
 * Every wait is bounded.
 */

/**
 * Whether this browser fires `icecandidateerror` (Chrome 77+, Firefox 150+: every Firefox ESR
 * before 150 never does), detected by feature, never by version. A test-only build
 * (`READINESS_TEST_NO_ICE_ERROR_EVENT=1`, see docs/testing.md) behaves as if the event did not exist.
 */
export function reportsIceErrors(): boolean {
  return !import.meta.env.TEST_NO_ICE_ERROR_EVENT && 'onicecandidateerror' in RTCPeerConnection.prototype;
}

/**
 * Pays the first peer connection's cost (Firefox: 10 to 40 ms to load its WebRTC machinery in a
 * fresh page) before a run needs it: one connection with no server, an offer, closed. Nothing
 * goes on the network.
 */
export async function warmUpRtc(): Promise<void> {
  const pc = new RTCPeerConnection();
  try {
    pc.createDataChannel('warm-up');
    await pc.createOffer();
  } finally {
    pc.close();
  }
}

/** One ICE gathering against one server and one transport, in its own peer connection. */
export async function probeIce(request: IceProbeRequest): Promise<IceProbeResult> {
  const started = performance.now();
  const errorEvents = reportsIceErrors();
  const pc = new RTCPeerConnection({
    iceServers: [
      {
        urls: request.url,
        // A TURN server answers 401 to wrong or absent credentials: that still proves reachability.
        ...(request.transport !== 'stun-udp' && {
          username: request.username ?? 'readiness-probe',
          credential: request.credential ?? 'readiness-probe',
        }),
      },
    ],
    iceTransportPolicy: request.transport === 'stun-udp' ? 'all' : 'relay',
  });
  const observation: IceProbeResult = {
    url: request.url,
    candidateTypes: [],
    errorCodes: [],
    completed: false,
    hostCandidates: 0,
    elapsedMs: 0,
    errorEvents,
  };
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, request.timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      pc.addEventListener('icecandidate', (event) => {
        if (!event.candidate) {
          observation.completed = true;
          return done();
        }
        const candidate = parseCandidate(event.candidate.candidate);
        if (!candidate) return;
        if (!observation.candidateTypes.includes(candidate.type)) observation.candidateTypes.push(candidate.type);
        if (candidate.type === 'host') observation.hostCandidates += 1;
        // The first proof is enough: no need to wait for the end of gathering.
        if (isRelay(candidate) || (isServerReflexive(candidate) && request.transport === 'stun-udp')) done();
      });
      if (errorEvents)
        pc.addEventListener('icecandidateerror', (event) => {
          const error = event as RTCPeerConnectionIceErrorEvent;
          observation.errorCodes.push(error.errorCode);
          if (error.errorCode === 401 && request.transport !== 'stun-udp') done();
        });
      pc.createDataChannel('probe');
      pc.createOffer()
        .then((offer) => pc.setLocalDescription(offer))
        .catch(done);
    });
  } finally {
    observation.elapsedMs = Math.round(performance.now() - started);
    pc.close();
  }
  return observation;
}
