import {
  callFigures,
  framesDecoded,
  judgeCall,
  type CallOutcome,
  type CallProfile,
  type CallSettings,
  type StatsEntry,
} from '../net/callstats';
import { reportsIceErrors } from './webrtc/ice';
import { relayPair, sleep } from './webrtc/media-path';

export type { CallFigures, CallOutcome, CallProfile, CallSettings } from '../net/callstats';
export { callIceServers, callWithoutCredentials } from '../net/callstats';

export interface SelfCallOptions {
  /** The user's live camera and microphone (the page's; its tracks are sent, never stopped here). */
  stream: MediaStream;
  /** Relays with the profile's credentials (`callIceServers`); none: manual. */
  iceServers: RTCIceServer[];
  settings: CallSettings;
  /** The §7 links named when the call cannot be judged. */
  links?: CallProfile['links'];
  signal?: AbortSignal;
  /** The received stream, once it arrives (shown muted: no echo). */
  onRemoteStream?: (stream: MediaStream) => void;
  /** How long the relay connection and the first frame may take (default 10 s). */
  connectTimeoutMs?: number;
}

const snapshot = async (pc: RTCPeerConnection): Promise<StatsEntry[]> => {
  const entries: StatsEntry[] = [];
  (await pc.getStats()).forEach((entry: StatsEntry) => entries.push({ ...entry }));
  return entries;
};

class Aborted extends Error {}

/**
 * A call to oneself through the profile's relay: two peer connections forced to relay
 * (`relayPair`, as the media path), the real camera and microphone tracks sent from one to the
 * other for `settings.durationMs` after the first frame arrives, then the receiving side's stats
 * judged against the settings. Settles on abort and on every failure; closes both connections
 * and stops the received tracks. Credentials go to the TURN server only, never into the outcome.
 */
export async function runSelfCall(opts: SelfCallOptions): Promise<CallOutcome> {
  const { stream, iceServers, settings, signal, onRemoteStream } = opts;
  const sentVideo = stream.getVideoTracks().some((t) => t.readyState === 'live');
  const sentAudio = stream.getAudioTracks().some((t) => t.readyState === 'live');
  const base = {
    credentials: iceServers.some((s) => s.username && s.credential),
    errorEvents: reportsIceErrors(),
    sentVideo,
    sentAudio,
  };
  const judge = (o: Omit<Parameters<typeof judgeCall>[0], keyof typeof base>) =>
    judgeCall({ ...base, ...o }, settings, opts.links);
  if (!base.credentials) return judge({ errorCodes: [], relayed: false, connected: false, aborted: false });

  const started = performance.now();
  const pair = relayPair(iceServers);
  const received: MediaStreamTrack[] = [];
  let connected = false;
  try {
    const aborted = () => {
      if (signal?.aborted) throw new Aborted();
    };
    const wait = async (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        aborted();
        await sleep(Math.min(50, until - performance.now()));
      }
      aborted();
    };
    pair.b.addEventListener('track', (event) => {
      received.push(event.track);
      if (received.length === 1) onRemoteStream?.(event.streams[0] ?? new MediaStream([event.track]));
    });
    for (const track of stream.getTracks()) pair.a.addTrack(track, stream);
    await pair.negotiate();

    // Connected = media arrived through the relay: the first decoded frame (sound alone without a camera).
    const deadline = started + (opts.connectTimeoutMs ?? 10_000);
    let first: StatsEntry[] = [];
    while (!connected) {
      aborted();
      if (performance.now() > deadline) break;
      // Refused or nowhere to relay: gathering ended without a relay, nothing will come.
      if (!pair.relayed() && pair.a.iceGatheringState === 'complete' && pair.errorCodes.length > 0) break;
      first = await snapshot(pair.b);
      connected = sentVideo
        ? framesDecoded(first) > 0
        : first.some((s) => s.type === 'inbound-rtp' && Number(s.bytesReceived) > 0);
      if (!connected) await sleep(50);
    }
    if (!connected)
      return judge({ errorCodes: pair.errorCodes, relayed: pair.relayed(), connected: false, aborted: false });
    const firstFrameMs = performance.now() - started;
    await wait(settings.durationMs);
    const [last, sender] = await Promise.all([snapshot(pair.b), snapshot(pair.a)]);
    return judge({
      errorCodes: pair.errorCodes,
      relayed: pair.relayed(),
      connected: true,
      aborted: false,
      figures: callFigures(first, last, sender, firstFrameMs, stream.getVideoTracks()[0]?.getSettings()),
    });
  } catch (error) {
    const stopped = error instanceof Aborted;
    return judge({
      errorCodes: pair.errorCodes,
      relayed: pair.relayed(),
      connected,
      aborted: stopped,
      ...(!stopped && { error: error instanceof Error ? error.message : String(error) }),
    });
  } finally {
    pair.close();
    for (const track of received) track.stop();
  }
}
