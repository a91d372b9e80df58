import { isRelay, parseCandidate } from '../../net/ice';
import { jitterMs, lossPercent, mbps, round2, rttSummary } from '../../net/media-stats';
import type { MediaPathRequest, MediaPathResult, MediaStage } from '../types';
import { reportsIceErrors } from './ice';

/**
 * The media path: two peer connections forced through a TURN relay, a data channel between
 * them. Runs where RTCPeerConnection exists (Firefox's background page, Chrome's offscreen
 * document). Every wait is bounded; the figures are computed in utils/net/media-stats.ts.
 */

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `check()` holds (polled every 5 ms), or rejects at the deadline. */
export async function until(check: () => boolean, deadline: number): Promise<void> {
  while (!check()) {
    if (performance.now() >= deadline) throw new Error('deadline');
    await sleep(5);
  }
}

/** Reception before this is the transport's slow start, not the path's capacity. */
const WARM_UP_MS = 250;
/**
 * The sender fills the channel's buffer up to HIGH, then waits (yielding) until it drains to LOW,
 * in messages of CHUNK bytes. The buffer is kept small on purpose: with 64 KiB messages and 4 MiB
 * buffered, a direct loopback channel (no relay, no packet lost) stalled for whole 100 ms slots
 * and read 10–40 Mb/s in Chromium 156; with at most 64 KiB buffered it read 88–104
 * (docs/benchmarks.md). SCTP's own window still decides what is in flight. A message fits one
 * packet (as a video RTP packet does), so on this channel without retransmission a lost packet
 * loses 1,100 bytes, not a 16 KiB message of 14 packets (1 % loss would then cost 13 %): through
 * coturn the figures of 1,100-byte, 4 KiB and 16 KiB messages were within each other's noise.
 */
const CHUNK = 1100;
const HIGH_WATER = 64 * 1024;
const LOW_WATER = 16 * 1024;

/**
 * The media path's channels (pings and throughput) carry data as media flows: unordered, nothing
 * retransmitted; throughput counts only what arrived (a lost message lowers the figure). On a
 * reliable ordered channel one loss holds back every later message until its retransmission, and
 * a retransmission timeout (hundreds of ms) can empty a good part of the 1 s window: through
 * coturn on loopback, Chromium 156 read 16–87 Mb/s up that way, 52–77 this way, in interleaved
 * runs (docs/benchmarks.md).
 */
export const NO_RETRANSMISSION: RTCDataChannelInit = { ordered: false, maxRetransmits: 0 };

/**
 * Resolves when the channel's buffer falls to `threshold` ('bufferedamountlow', with a 5 ms
 * check as a fallback) or at `until`, whichever comes first. Always yields to the event loop
 * (an event or a timer, never a spin).
 */
function drained(channel: RTCDataChannel, threshold: number, until: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearInterval(timer);
      channel.removeEventListener('bufferedamountlow', done);
      resolve();
    };
    const timer = setInterval(() => {
      if (channel.bufferedAmount <= threshold || performance.now() >= until) done();
    }, 5);
    channel.bufferedAmountLowThreshold = threshold;
    channel.addEventListener('bufferedamountlow', done);
  });
}

/**
 * Sends for `ms` (after a warm-up) as fast as the channel drains; returns the receiver's Mb/s.
 * The whole measurement, warm-up and drain included, ends by `deadline`: without the time for it,
 * or with nothing received, it throws (the caller reports the stage it stopped at), never a 0.
 */
export async function throughput(
  sender: RTCDataChannel,
  receiver: RTCDataChannel,
  ms: number,
  deadline: number,
): Promise<number> {
  const chunk = new Uint8Array(CHUNK);
  let received = 0;
  let from = 0;
  let last = 0;
  const onMessage = (event: MessageEvent) => {
    const now = performance.now();
    if (!from) from = now + WARM_UP_MS;
    if (now < from) return;
    last = now;
    received += (event.data as ArrayBuffer).byteLength;
  };
  receiver.addEventListener('message', onMessage);
  try {
    const stopAt = performance.now() + WARM_UP_MS + ms;
    // Not enough time left for a meaningful figure: say so rather than measure a truncated one.
    if (stopAt > deadline) throw new Error('deadline');
    while (performance.now() < stopAt) {
      // At most one buffer's worth per turn, then yield until it drains (or time is up).
      for (let n = 0; n < HIGH_WATER / chunk.byteLength && sender.bufferedAmount < HIGH_WATER; n++) sender.send(chunk);
      await drained(sender, LOW_WATER, stopAt);
    }
    // Let what is in flight arrive (bounded), then count only what the receiver got.
    await drained(sender, 0, Math.min(performance.now() + 500, deadline));
    await sleep(Math.min(50, Math.max(0, deadline - performance.now())));
    if (received === 0) throw new Error('no data received');
    return mbps(received, last - from);
  } finally {
    receiver.removeEventListener('message', onMessage);
  }
}

/** Two peer connections forced through TURN relays, each one's candidates handed to the other. */
export interface RelayPair {
  a: RTCPeerConnection;
  b: RTCPeerConnection;
  /** `a` gathered a relay candidate. */
  relayed(): boolean;
  /** `icecandidateerror` codes seen on either side (401: credentials refused; 701: no answer). */
  errorCodes: number[];
  /** Offer from `a`, answer from `b` (add channels or tracks first). */
  negotiate(): Promise<void>;
  close(): void;
}

/**
 * The relay-only pair of the media path and the self-call: `iceTransportPolicy: 'relay'`, so
 * nothing flows unless a TURN server of `iceServers` (with the profile's credentials) relays it.
 */
export function relayPair(iceServers: RTCIceServer[]): RelayPair {
  // max-bundle: every media line on one transport from the offer on, so each side allocates one
  // relay (with 'balanced', the offerer gathers for each kind of line until the answer bundles them).
  const config: RTCConfiguration = { iceServers, iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle' };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  let relayed = false;
  const errorCodes: number[] = [];
  const forward = (from: RTCPeerConnection, to: RTCPeerConnection) => {
    from.addEventListener('icecandidate', (e) => {
      if (!e.candidate?.candidate) return;
      if (from === a && isRelay(parseCandidate(e.candidate.candidate))) relayed = true;
      void to.addIceCandidate(e.candidate).catch(() => undefined);
    });
    if (reportsIceErrors())
      from.addEventListener('icecandidateerror', (e) => {
        errorCodes.push((e as RTCPeerConnectionIceErrorEvent).errorCode);
      });
  };
  forward(a, b);
  forward(b, a);
  return {
    a,
    b,
    relayed: () => relayed,
    errorCodes,
    async negotiate() {
      await a.setLocalDescription(await a.createOffer());
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription(await b.createAnswer());
      await a.setRemoteDescription(b.localDescription!);
    },
    close() {
      a.close();
      b.close();
    },
  };
}

/**
 * Two peer connections forced through the TURN relay, with a data channel between them:
 * round trip (median, p95), jitter and loss, then throughput each way, all on unordered channels
 * without retransmission. Named stages so a stuck measurement says where it stopped.
 */
export async function measureMediaPath(request: MediaPathRequest): Promise<MediaPathResult> {
  const deadline = performance.now() + request.timeoutMs;
  const result: MediaPathResult = { stagesCompleted: [] };
  const pair = relayPair([{ urls: request.url, username: request.username, credential: request.credential }]);
  const { a, b } = pair;
  let stage: MediaStage = 'allocating';
  const passed = (next: MediaStage) => {
    result.stagesCompleted.push(stage);
    stage = next;
  };
  try {
    // The transport a call has: a call always carries video, and Chromium sizes the sockets of a
    // transport that carries video for it (receive 1 MiB, send 256 KiB, set by its video channel)
    // where a transport with data channels only keeps 64 KiB. Bundled with the data channels, this
    // receive-only video line (no track: no camera, nothing sent on it) gives the measurement the
    // call's sockets. Measured in Chromium 156 through coturn on loopback: the browser's own
    // sockets dropped 58–500 datagrams per throughput measurement without it, none with it
    // (docs/benchmarks.md). Firefox sizes its sockets the same either way.
    a.addTransceiver('video', { direction: 'recvonly' });
    const ping = a.createDataChannel('ping', NO_RETRANSMISSION);
    const bulk = a.createDataChannel('bulk', NO_RETRANSMISSION);
    ping.binaryType = bulk.binaryType = 'arraybuffer';
    const remote: Record<string, RTCDataChannel> = {};
    b.addEventListener('datachannel', (e) => {
      e.channel.binaryType = 'arraybuffer';
      remote[e.channel.label] = e.channel;
    });
    const connectStart = performance.now();
    await pair.negotiate();
    await until(pair.relayed, deadline);
    passed('connecting');

    await until(
      () =>
        ping.readyState === 'open' &&
        bulk.readyState === 'open' &&
        remote.ping?.readyState === 'open' &&
        remote.bulk?.readyState === 'open',
      deadline,
    );
    result.connectMs = Math.round(performance.now() - connectStart);
    passed('round-trip');

    // Pings: B echoes each; A timestamps on send and on echo.
    remote.ping!.addEventListener('message', (e) => remote.ping!.send(e.data as ArrayBuffer));
    const sentAt = new Map<number, number>();
    const rtts: number[] = [];
    ping.addEventListener('message', (e) => {
      const seq = new DataView(e.data as ArrayBuffer).getUint32(0);
      const at = sentAt.get(seq);
      if (at !== undefined) rtts.push(performance.now() - at);
    });
    for (let seq = 0; seq < request.pings; seq++) {
      const message = new ArrayBuffer(64);
      new DataView(message).setUint32(0, seq);
      sentAt.set(seq, performance.now());
      ping.send(message);
      await sleep(10);
      if (performance.now() > deadline) throw new Error('deadline');
    }
    await sleep(Math.min(300, Math.max(0, deadline - performance.now())));
    result.rtt = rttSummary(rtts);
    result.jitterMs = round2(jitterMs(rtts));
    result.lossPercent = round2(lossPercent(request.pings, rtts.length));
    passed('throughput-up');

    result.upMbps = await throughput(bulk, remote.bulk!, request.measureMs, deadline);
    passed('throughput-down');
    result.downMbps = await throughput(remote.bulk!, bulk, request.measureMs, deadline);
    result.stagesCompleted.push(stage);
  } catch (error) {
    result.stoppedAt = stage;
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    pair.close();
  }
  return result;
}
