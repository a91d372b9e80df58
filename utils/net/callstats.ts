/**
 * The self-call's pure parts: what the receiving side's `getStats` snapshots say (codec,
 * received size and frame rate, bitrates, loss, jitter, round trip, frames, audio level),
 * and the verdict against the profile's thresholds. No browser API here (unit-tested).
 */
import type { CallSettings, Profile } from '../profile/types';
import { iceUrl } from './ice';

/** What the receiving side got through the relay. Absent: the browser's stats did not say. */
export interface CallFigures {
  /** What the camera delivered to the sending side (its track's settings): the encoder may send less. */
  sentWidth?: number;
  sentHeight?: number;
  /** Received video codec ("VP8"), and audio codec ("opus"). */
  videoCodec?: string;
  audioCodec?: string;
  width?: number;
  height?: number;
  /** Frames decoded per second over the measured window. */
  fps?: number;
  videoKbps: number;
  audioKbps: number;
  /** Video and audio packets lost over the call, and their share of the packets sent. */
  packetsLost: number;
  lossPct: number;
  jitterMs?: number;
  roundTripMs?: number;
  framesDecoded: number;
  framesDropped?: number;
  /** Received audio level, 0–1 (the stats' `audioLevel`). */
  audioLevel?: number;
  /** From the start of the call to the first decoded frame. */
  firstFrameMs?: number;
  /** The relay the receiving side used: "relay 127.0.0.1:50012 udp", with the server's URL when the browser names it. */
  relay?: string;
}

export type CallStatus = 'pass' | 'warn' | 'fail' | 'manual';

/** A step to fix or confirm by hand, with its link (the shape of the engine's `Fix`). */
export interface CallFix {
  key: string;
  params?: Record<string, string | number>;
  url?: string;
}

export interface CallOutcome {
  status: CallStatus;
  /** i18n key of the verdict, with its parameters. */
  message: string;
  params: Record<string, string | number>;
  figures?: CallFigures;
  /** What produced the verdict; never a credential. Labels: `evidence_<key>`. */
  evidence: Record<string, string | number | boolean>;
  /** What to do (credentials, the publisher's §7 flow and video tests). */
  fixes?: CallFix[];
}

/** One entry of an `RTCStatsReport` (its `values()`), as plain data. */
export type StatsEntry = { id: string; type: string; timestamp?: number } & Record<string, unknown>;

const num = (entry: StatsEntry | undefined, key: string): number | undefined => {
  const value = entry?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};
const str = (entry: StatsEntry | undefined, key: string): string | undefined => {
  const value = entry?.[key];
  return typeof value === 'string' && value ? value : undefined;
};
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The receiving stream of one kind (`kind`; Firefox 102 and older Chrome also wrote `mediaType`), the busiest if several. */
function inbound(stats: StatsEntry[], kind: 'audio' | 'video'): StatsEntry | undefined {
  return stats
    .filter((s) => s.type === 'inbound-rtp' && (s.kind ?? s.mediaType) === kind)
    .sort((x, y) => (num(y, 'bytesReceived') ?? 0) - (num(x, 'bytesReceived') ?? 0))[0];
}

/** "video/VP8" → "VP8", from the codec entry the stream names. */
function codecOf(stats: StatsEntry[], stream: StatsEntry | undefined): string | undefined {
  const id = str(stream, 'codecId');
  const mime = str(
    stats.find((s) => s.id === id),
    'mimeType',
  );
  return mime?.split('/')[1] ?? mime;
}

/**
 * The candidate pair in use: the transport's `selectedCandidatePairId` (Chrome), else the pair
 * marked `selected` (Firefox), else a nominated pair that succeeded.
 */
export function selectedPair(stats: StatsEntry[]): StatsEntry | undefined {
  const pairs = stats.filter((s) => s.type === 'candidate-pair');
  const ids = stats.filter((s) => s.type === 'transport').map((s) => str(s, 'selectedCandidatePairId'));
  return (
    pairs.find((p) => ids.includes(p.id)) ??
    pairs.find((p) => p.selected === true) ??
    pairs.find((p) => p.nominated === true && p.state === 'succeeded')
  );
}

/** "relay 127.0.0.1:50012 udp (turn:127.0.0.1:3478?transport=udp)": the local end of the pair in use. */
function relayOf(stats: StatsEntry[], pair: StatsEntry | undefined): string | undefined {
  const local = stats.find((s) => s.id === str(pair, 'localCandidateId'));
  if (!local) return undefined;
  const address = str(local, 'address') ?? str(local, 'ip') ?? '?';
  const parts = [
    str(local, 'candidateType') ?? '?',
    `${address}:${num(local, 'port') ?? '?'}`,
    str(local, 'relayProtocol') ?? str(local, 'protocol') ?? '',
  ].filter(Boolean);
  const url = str(local, 'url');
  return parts.join(' ') + (url ? ` (${url})` : '');
}

/** kbit/s between two snapshots of a cumulative byte counter (stats timestamps are in ms: bits per ms = kbit/s). */
export function kbps(before: StatsEntry | undefined, after: StatsEntry | undefined): number {
  const bytes = (num(after, 'bytesReceived') ?? 0) - (num(before, 'bytesReceived') ?? 0);
  const ms = (after?.timestamp ?? 0) - (before?.timestamp ?? 0);
  return ms > 0 && bytes > 0 ? round((bytes * 8) / ms, 1) : 0;
}

/** Lost packets as a share of those sent (received + lost), in %; 0 when nothing was sent. */
export function lossPercent(lost: number, received: number): number {
  const sent = lost + received;
  return sent > 0 ? round((Math.max(0, lost) / sent) * 100, 2) : 0;
}

/**
 * The figures of a call from the receiving side's stats at the first decoded frame (`first`) and
 * at the end (`last`), plus the sending side's last stats (its `remote-inbound-rtp` round trip,
 * where the receiving side's candidate pair has none). Rates are over the window between the
 * two snapshots; losses over the whole call. `sent`: the camera track's settings, for comparison.
 */
export function callFigures(
  first: StatsEntry[],
  last: StatsEntry[],
  sender: StatsEntry[],
  firstFrameMs?: number,
  sent?: { width?: number; height?: number },
): CallFigures {
  const video = inbound(last, 'video');
  const audio = inbound(last, 'audio');
  const video0 = inbound(first, 'video');
  const audio0 = inbound(first, 'audio');
  const lost = (num(video, 'packetsLost') ?? 0) + (num(audio, 'packetsLost') ?? 0);
  const received = (num(video, 'packetsReceived') ?? 0) + (num(audio, 'packetsReceived') ?? 0);
  const windowMs = (video?.timestamp ?? 0) - (video0?.timestamp ?? 0);
  const decoded = num(video, 'framesDecoded') ?? 0;
  const jitters = [num(video, 'jitter'), num(audio, 'jitter')].filter((j): j is number => j !== undefined);
  const pair = selectedPair(last);
  const pairRtt = num(pair, 'currentRoundTripTime');
  const remoteRtts = sender
    .filter((s) => s.type === 'remote-inbound-rtp')
    .map((s) => num(s, 'roundTripTime'))
    .filter((r): r is number => r !== undefined);
  const rtt = pairRtt ?? (remoteRtts.length ? Math.max(...remoteRtts) : undefined);
  const figures: CallFigures = {
    videoKbps: kbps(video0, video),
    audioKbps: kbps(audio0, audio),
    packetsLost: Math.max(0, lost),
    lossPct: lossPercent(lost, received),
    framesDecoded: decoded,
  };
  const optional: Partial<CallFigures> = {
    sentWidth: sent?.width,
    sentHeight: sent?.height,
    videoCodec: codecOf(last, video),
    audioCodec: codecOf(last, audio),
    width: num(video, 'frameWidth'),
    height: num(video, 'frameHeight'),
    fps: windowMs > 0 ? round(((decoded - (num(video0, 'framesDecoded') ?? 0)) * 1000) / windowMs, 1) : undefined,
    jitterMs: jitters.length ? round(Math.max(...jitters) * 1000, 1) : undefined,
    roundTripMs: rtt === undefined ? undefined : round(rtt * 1000, 1),
    framesDropped: num(video, 'framesDropped'),
    audioLevel: num(audio, 'audioLevel') === undefined ? undefined : round(num(audio, 'audioLevel')!, 3),
    firstFrameMs: firstFrameMs === undefined ? undefined : Math.round(firstFrameMs),
    relay: relayOf(last, pair),
  };
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) Object.assign(figures, { [key]: value });
  return figures;
}

/** Frames decoded so far on the receiving side (0 until the first frame went through the relay). */
export const framesDecoded = (stats: StatsEntry[]) => num(inbound(stats, 'video'), 'framesDecoded') ?? 0;

/** What a call needs of the profile: its relays and credentials, the §7 links, the `devices.call` thresholds. */
export type CallProfile = Pick<Profile, 'network' | 'links' | 'devices'>;

export type { CallSettings };

/**
 * The relays of the call, as the media path uses them: one TURN server per environment (its
 * first server with a TURN transport, every TURN transport it has), with the profile's
 * credentials. None without credentials: a relay without them cannot carry the call.
 */
export function callIceServers(profile: Pick<Profile, 'network'>): RTCIceServer[] {
  const { environments, credentials } = profile.network.media;
  if (!credentials) return [];
  return environments.flatMap((env) => {
    const server = env.servers.find((s) => s.transports.some((t) => t !== 'stun-udp'));
    if (!server) return [];
    const urls = server.transports.filter((t) => t !== 'stun-udp').map((t) => iceUrl(server.host, server.port, t));
    return [{ urls, username: credentials.username, credential: credentials.credential }];
  });
}

/** The call cannot be made: the profile has no TURN credentials (manual, with the §7 tests). */
export const callWithoutCredentials = (profile: CallProfile): CallOutcome =>
  judgeCall(
    {
      credentials: false,
      errorEvents: true,
      errorCodes: [],
      relayed: false,
      connected: false,
      aborted: false,
      sentVideo: false,
      sentAudio: false,
    },
    profile.devices.call,
    profile.links,
  );

/** What a call attempt observed, for the verdict. */
export interface CallObservation {
  /** ICE servers with credentials were given. */
  credentials: boolean;
  /** The browser fires `icecandidateerror` (Chrome 77+, Firefox 150+). */
  errorEvents: boolean;
  errorCodes: number[];
  /** The sending side gathered a relay candidate. */
  relayed: boolean;
  /** ICE connected through the relay, and the first frame (or audio) arrived. */
  connected: boolean;
  /** The call was stopped (page closed, "Run again") before it ended. */
  aborted: boolean;
  /** The local stream carried a camera / a microphone track. */
  sentVideo: boolean;
  sentAudio: boolean;
  figures?: CallFigures;
  /** The browser's error, when a step of the call threw. */
  error?: string;
}

/** The figures as evidence (`evidence_<key>` labels), never a credential. */
function figuresEvidence(f: CallFigures): Record<string, string | number | boolean> {
  const entries: [string, string | number | undefined][] = [
    ['sentWidth', f.sentWidth],
    ['sentHeight', f.sentHeight],
    ['videoCodec', f.videoCodec],
    ['audioCodec', f.audioCodec],
    ['receivedWidth', f.width],
    ['receivedHeight', f.height],
    ['receivedFps', f.fps],
    ['videoKbps', f.videoKbps],
    ['audioKbps', f.audioKbps],
    ['packetsLost', f.packetsLost],
    ['lossPercent', f.lossPct],
    ['jitterMs', f.jitterMs],
    ['roundTripMs', f.roundTripMs],
    ['framesDecoded', f.framesDecoded],
    ['framesDropped', f.framesDropped],
    ['audioLevel', f.audioLevel],
    ['firstFrameMs', f.firstFrameMs],
    ['relay', f.relay],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string | number] => e[1] !== undefined));
}

/** Since when browsers report ICE errors (named where their absence leaves the verdict open). */
const ICE_ERRORS_SINCE = 'Chrome 77, Firefox 150';

/**
 * The call's verdict, thresholds from the profile (`devices.call`):
 * - no credentials: manual, with the §7 flow and video tests;
 * - stopped before the end: manual (nothing judged);
 * - not connected: fail naming the refusal (401: the relay refused the credentials), or no relay;
 *   manual where the browser cannot report ICE errors and no relay was gathered;
 * - connected: fail when no video or no sound arrived, or the picture is smaller than
 *   minWidth × minHeight; manual when the stats do not give size and rate; warn below minFps or at maxLossPct and above; else pass. No camera: the
 *   sound is judged and the picture is left to the user (manual).
 */
export function judgeCall(o: CallObservation, settings: CallSettings, links?: Profile['links']): CallOutcome {
  const manualFixes: CallFix[] = links
    ? [
        { key: 'call_fix_flow_test', url: links.flowTest },
        ...links.videoTests.map((url) => ({ key: 'call_fix_video_test', url })),
      ]
    : [];
  const { minWidth, minHeight, minFps, maxLossPct } = settings;
  const thresholds = { minWidth, minHeight, minFps, maxLossPct };
  if (!o.credentials)
    return {
      status: 'manual',
      message: 'call_no_credentials',
      params: thresholds,
      evidence: {},
      fixes: [{ key: 'call_fix_credentials' }, ...manualFixes],
    };
  const evidence: Record<string, string | number | boolean> = {
    sentVideo: o.sentVideo,
    sentAudio: o.sentAudio,
    relayGathered: o.relayed,
    callConnected: o.connected,
    ...(o.errorCodes.length > 0 && { iceErrors: [...new Set(o.errorCodes)].join(', ') }),
    ...(!o.errorEvents && { iceErrorEvents: false }),
    ...(o.error && { error: o.error }),
    ...(o.figures && figuresEvidence(o.figures)),
  };
  const outcome = (
    status: CallStatus,
    message: string,
    params: Record<string, string | number> = {},
    fixes?: CallFix[],
  ): CallOutcome => ({
    status,
    message,
    params: { ...thresholds, ...params },
    ...(o.figures && { figures: o.figures }),
    evidence,
    ...(fixes && { fixes }),
  });
  if (o.aborted) return outcome('manual', 'call_aborted', {}, manualFixes);
  if (!o.connected) {
    if (o.errorCodes.includes(401))
      return outcome('fail', 'call_refused', { code: 401 }, [{ key: 'call_fix_credentials' }, ...manualFixes]);
    if (!o.relayed && !o.errorEvents)
      return outcome('manual', 'call_unproven', { since: ICE_ERRORS_SINCE }, [
        { key: 'call_fix_credentials' },
        ...manualFixes,
      ]);
    return outcome('fail', o.relayed ? 'call_not_connected' : 'call_no_relay', {}, manualFixes);
  }
  const f = o.figures;
  if (!f || (o.sentVideo && f.framesDecoded === 0)) return outcome('fail', 'call_no_video', {}, manualFixes);
  if (o.sentAudio && f.audioKbps === 0) return outcome('fail', 'call_no_audio', {}, manualFixes);
  const seen = {
    width: f.width ?? '?',
    height: f.height ?? '?',
    fps: f.fps ?? '?',
    loss: f.lossPct,
    codec: f.videoCodec ?? '?',
  };
  if (!o.sentVideo) return outcome('manual', 'call_audio_only', seen, manualFixes);
  if (f.width === undefined || f.height === undefined || f.fps === undefined)
    return outcome('manual', 'call_video_unseen', seen, manualFixes);
  if (f.width < minWidth || f.height < minHeight) return outcome('fail', 'call_too_small', seen, manualFixes);
  if (f.fps < minFps) return outcome('warn', 'call_low_fps', seen, manualFixes);
  if (f.lossPct >= maxLossPct) return outcome('warn', 'call_lossy', seen, manualFixes);
  return outcome('pass', 'call_pass', seen);
}
