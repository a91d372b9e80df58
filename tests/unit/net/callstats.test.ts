import { describe, expect, it } from 'vitest';
import { missingEvidenceLabels } from '../../../utils/i18n/evidence';
import { catalogueTranslator } from '../../../utils/i18n/format';
import {
  callFigures,
  callIceServers,
  callWithoutCredentials,
  framesDecoded,
  judgeCall,
  kbps,
  lossPercent,
  selectedPair,
  type CallFigures,
  type CallObservation,
  type CallOutcome,
  type CallProfile,
  type CallSettings,
  type StatsEntry,
} from '../../../utils/net/callstats';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { LOCALES } from '../fakes';

const SETTINGS: CallSettings = { durationMs: 5000, minWidth: 320, minHeight: 240, minFps: 15, maxLossPct: 2 };
const SECRET = { username: 'alice', credential: 's3cret-turn-password' };
const PROFILE: CallProfile = {
  ...BUILTIN_PROFILE,
  network: { ...BUILTIN_PROFILE.network, media: { ...BUILTIN_PROFILE.network.media, credentials: SECRET } },
  devices: { ...BUILTIN_PROFILE.devices, call: SETTINGS },
};

/** Chromium 156's receiving side, 5 s apart (trimmed to the fields read). */
const chromeAt = (t: number, frames: number, videoBytes: number, audioBytes: number): StatsEntry[] => [
  {
    id: 'IT01V',
    type: 'inbound-rtp',
    kind: 'video',
    timestamp: t,
    codecId: 'CIT01_96',
    bytesReceived: videoBytes,
    packetsReceived: 1000,
    packetsLost: 5,
    framesDecoded: frames,
    framesDropped: 2,
    frameWidth: 640,
    frameHeight: 480,
    jitter: 0.004,
  },
  {
    id: 'IT01A',
    type: 'inbound-rtp',
    kind: 'audio',
    timestamp: t,
    codecId: 'CIT01_111',
    bytesReceived: audioBytes,
    packetsReceived: 250,
    packetsLost: 0,
    jitter: 0.012,
    audioLevel: 0.03051,
  },
  { id: 'CIT01_96', type: 'codec', mimeType: 'video/VP8' },
  { id: 'CIT01_111', type: 'codec', mimeType: 'audio/opus' },
  { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' },
  { id: 'CP0', type: 'candidate-pair', localCandidateId: 'Lx', currentRoundTripTime: 0.5 },
  { id: 'CP1', type: 'candidate-pair', localCandidateId: 'L1', currentRoundTripTime: 0.0012 },
  {
    id: 'L1',
    type: 'local-candidate',
    candidateType: 'relay',
    address: '127.0.0.1',
    port: 50012,
    protocol: 'udp',
    relayProtocol: 'udp',
    url: 'turn:127.0.0.1:3478?transport=udp',
  },
];

describe('call figures from stats snapshots', () => {
  it('reads a Chromium receiver: codecs, size, rate over the window, bitrates, loss, jitter, round trip, relay', () => {
    const figures = callFigures(chromeAt(1000, 10, 100_000, 10_000), chromeAt(6000, 110, 725_000, 30_000), [], 812.4, {
      width: 640,
      height: 480,
    });
    expect(figures).toEqual<CallFigures>({
      sentWidth: 640,
      sentHeight: 480,
      videoCodec: 'VP8',
      audioCodec: 'opus',
      width: 640,
      height: 480,
      fps: 20,
      // 625,000 bytes in 5 s = 1000 kbit/s; 20,000 bytes = 32 kbit/s.
      videoKbps: 1000,
      audioKbps: 32,
      packetsLost: 5,
      lossPct: lossPercent(5, 1250),
      jitterMs: 12,
      roundTripMs: 1.2,
      framesDecoded: 110,
      framesDropped: 2,
      audioLevel: 0.031,
      firstFrameMs: 812,
      relay: 'relay 127.0.0.1:50012 udp (turn:127.0.0.1:3478?transport=udp)',
    });
    expect(figures.lossPct).toBe(0.4);
  });

  it('reads a Firefox receiver: `mediaType`, the `selected` pair, round trip from the sender', () => {
    const at = (t: number, frames: number, bytes: number): StatsEntry[] => [
      {
        id: 'v',
        type: 'inbound-rtp',
        mediaType: 'video',
        timestamp: t,
        bytesReceived: bytes,
        packetsReceived: 90,
        packetsLost: 10,
        framesDecoded: frames,
        frameWidth: 320,
        frameHeight: 240,
      },
      { id: 'p', type: 'candidate-pair', localCandidateId: 'l', selected: true },
      { id: 'l', type: 'local-candidate', candidateType: 'relay', address: '127.0.0.1', port: 50020, protocol: 'tcp' },
    ];
    const sender: StatsEntry[] = [
      { id: 'r1', type: 'remote-inbound-rtp', roundTripTime: 0.002 },
      { id: 'r2', type: 'remote-inbound-rtp', roundTripTime: 0.004 },
      { id: 'o', type: 'outbound-rtp', roundTripTime: 9 },
    ];
    const figures = callFigures(at(0, 0, 0), at(2000, 30, 50_000), sender);
    expect(figures).toEqual<CallFigures>({
      width: 320,
      height: 240,
      fps: 15,
      videoKbps: 200,
      audioKbps: 0,
      packetsLost: 10,
      lossPct: 10,
      roundTripMs: 4,
      framesDecoded: 30,
      relay: 'relay 127.0.0.1:50020 tcp',
    });
  });

  it('gives nothing it did not see: no stats, no frames, no rate, no pair', () => {
    expect(callFigures([], [], [])).toEqual({
      videoKbps: 0,
      audioKbps: 0,
      packetsLost: 0,
      lossPct: 0,
      framesDecoded: 0,
    });
    expect(framesDecoded([])).toBe(0);
    expect(framesDecoded(chromeAt(0, 7, 1, 1))).toBe(7);
  });

  it('computes kbit/s from ms timestamps, never negative, 0 without elapsed time', () => {
    const at = (timestamp: number, bytesReceived: number): StatsEntry => ({
      id: 'x',
      type: 'inbound-rtp',
      timestamp,
      bytesReceived,
    });
    expect(kbps(at(0, 0), at(1000, 125_000))).toBe(1000);
    expect(kbps(at(0, 0), at(2000, 1000))).toBe(4);
    expect(kbps(at(1000, 500), at(1000, 900))).toBe(0);
    expect(kbps(at(0, 900), at(1000, 500))).toBe(0);
    expect(kbps(undefined, undefined)).toBe(0);
  });

  it('counts loss over the packets sent, 0 when none', () => {
    expect(lossPercent(0, 0)).toBe(0);
    expect(lossPercent(1, 99)).toBe(1);
    expect(lossPercent(2, 1)).toBe(66.67);
    // A negative count (duplicates) is no loss.
    expect(lossPercent(-3, 100)).toBe(0);
  });

  it('finds the pair in use by transport, then `selected`, then nominated and succeeded', () => {
    const pairs: StatsEntry[] = [
      { id: 'a', type: 'candidate-pair', nominated: true, state: 'failed' },
      { id: 'b', type: 'candidate-pair', nominated: true, state: 'succeeded' },
    ];
    expect(selectedPair(pairs)?.id).toBe('b');
    expect(selectedPair([...pairs, { id: 'c', type: 'candidate-pair', selected: true }])?.id).toBe('c');
    expect(
      selectedPair([
        ...pairs,
        { id: 'c', type: 'candidate-pair', selected: true },
        { id: 't', type: 'transport', selectedCandidatePairId: 'a' },
      ])?.id,
    ).toBe('a');
    expect(selectedPair([{ id: 'a', type: 'candidate-pair', nominated: true, state: 'in-progress' }])).toBeUndefined();
  });
});

describe('relays of the call', () => {
  it('takes one TURN server per environment with the profile credentials, every TURN transport it has', () => {
    const servers = callIceServers(PROFILE);
    expect(servers).toEqual([
      {
        urls: [
          'turn:mediaserver1-1.maincare.com:3478?transport=udp',
          'turn:mediaserver1-1.maincare.com:3478?transport=tcp',
        ],
        ...SECRET,
      },
      {
        urls: [
          'turn:mediaserver2-1.maincare.com:3478?transport=udp',
          'turn:mediaserver2-1.maincare.com:3478?transport=tcp',
        ],
        ...SECRET,
      },
    ]);
  });

  it('skips STUN-only servers and environments, and gives none without credentials', () => {
    const media = {
      ...PROFILE.network.media,
      environments: [
        {
          id: 'a',
          name: 'A',
          servers: [
            { host: 'stun-only', port: 3478, transports: ['stun-udp' as const] },
            { host: 'relay', port: 443, transports: ['turns-tcp' as const] },
          ],
        },
        { id: 'b', name: 'B', servers: [{ host: 'x', port: 3478, transports: ['stun-udp' as const] }] },
      ],
    };
    expect(callIceServers({ network: { ...PROFILE.network, media } })).toEqual([
      { urls: ['turns:relay:443?transport=tcp'], ...SECRET },
    ]);
    expect(callIceServers({ network: { ...PROFILE.network, media: { ...media, credentials: undefined } } })).toEqual(
      [],
    );
  });
});

const GOOD: CallFigures = {
  videoCodec: 'VP8',
  audioCodec: 'opus',
  width: 640,
  height: 480,
  fps: 20,
  videoKbps: 900,
  audioKbps: 30,
  packetsLost: 0,
  lossPct: 0,
  jitterMs: 3,
  roundTripMs: 1,
  framesDecoded: 100,
  framesDropped: 0,
  audioLevel: 0.2,
  firstFrameMs: 400,
  relay: 'relay 127.0.0.1:50000 udp',
};
const call = (o: Partial<CallObservation> = {}): CallObservation => ({
  credentials: true,
  errorEvents: true,
  errorCodes: [],
  relayed: true,
  connected: true,
  aborted: false,
  sentVideo: true,
  sentAudio: true,
  figures: GOOD,
  ...o,
});
const ENGLISH = catalogueTranslator(LOCALES.en);

/** Every verdict reads in both languages, with every placeholder filled and every evidence label present. */
function judged(o: CallObservation, settings = SETTINGS): CallOutcome {
  const outcome = judgeCall(o, settings, PROFILE.links);
  for (const key of [outcome.message, ...(outcome.fixes ?? []).map((f) => f.key)])
    for (const [lang, messages] of Object.entries(LOCALES))
      expect(messages[key]?.message, `${key} (${lang})`).toBeTruthy();
  expect(ENGLISH(outcome.message, outcome.params)).not.toMatch(/\{\w+(\|[^}]*)?\}/);
  for (const [lang, messages] of Object.entries(LOCALES))
    expect(missingEvidenceLabels(outcome.evidence, messages), `evidence labels (${lang})`).toEqual([]);
  expect(JSON.stringify(outcome)).not.toContain(SECRET.credential);
  return outcome;
}
const flowTestFixes = [
  { key: 'call_fix_flow_test', url: PROFILE.links.flowTest },
  ...PROFILE.links.videoTests.map((url) => ({ key: 'call_fix_video_test', url })),
];

describe('call verdict', () => {
  it('passes a picture at least minWidth × minHeight, at minFps, loss under maxLossPct, with its figures as evidence', () => {
    const outcome = judged(call());
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'call_pass',
      params: { width: 640, height: 480, fps: 20, loss: 0, codec: 'VP8', minWidth: 320, minHeight: 240 },
      figures: GOOD,
    });
    expect(outcome.fixes).toBeUndefined();
    expect(outcome.evidence).toMatchObject({
      receivedWidth: 640,
      receivedHeight: 480,
      receivedFps: 20,
      videoKbps: 900,
      audioKbps: 30,
      roundTripMs: 1,
      framesDecoded: 100,
      relay: GOOD.relay,
      callConnected: true,
    });
    // Exactly at the thresholds still passes.
    expect(judged(call({ figures: { ...GOOD, width: 320, height: 240, fps: 15, lossPct: 1.99 } })).status).toBe('pass');
  });

  it('takes its thresholds from the settings: the same call fails a stricter profile', () => {
    const strict = { ...SETTINGS, minWidth: 1280, minHeight: 720 };
    expect(judged(call(), strict)).toMatchObject({
      status: 'fail',
      message: 'call_too_small',
      params: { width: 640, height: 480, minWidth: 1280, minHeight: 720 },
    });
    expect(judged(call(), { ...SETTINGS, minFps: 25 })).toMatchObject({ status: 'warn', message: 'call_low_fps' });
    expect(judged(call({ figures: { ...GOOD, lossPct: 3 } }), { ...SETTINGS, maxLossPct: 5 }).status).toBe('pass');
  });

  it('fails a picture narrower or lower than required', () => {
    expect(judged(call({ figures: { ...GOOD, width: 160, height: 120 } }))).toMatchObject({
      status: 'fail',
      message: 'call_too_small',
      params: { width: 160, height: 120 },
      fixes: flowTestFixes,
    });
    expect(judged(call({ figures: { ...GOOD, width: 640, height: 200 } })).message).toBe('call_too_small');
  });

  it('warns below the frame rate, and at or above the loss limit', () => {
    expect(judged(call({ figures: { ...GOOD, fps: 14.9 } }))).toMatchObject({
      status: 'warn',
      message: 'call_low_fps',
      params: { fps: 14.9, minFps: 15 },
    });
    expect(judged(call({ figures: { ...GOOD, lossPct: 2 } }))).toMatchObject({
      status: 'warn',
      message: 'call_lossy',
      params: { loss: 2, maxLossPct: 2 },
    });
  });

  it('is manual when the stats give no size or rate: never a pass it did not see', () => {
    const noSize = { ...GOOD, width: undefined };
    const noRate = { ...GOOD, fps: undefined };
    expect(judged(call({ figures: noSize }))).toMatchObject({ status: 'manual', message: 'call_video_unseen' });
    expect(judged(call({ figures: noRate }))).toMatchObject({ status: 'manual', message: 'call_video_unseen' });
  });

  it('fails when no picture or no sound arrived', () => {
    expect(judged(call({ figures: { ...GOOD, framesDecoded: 0 } }))).toMatchObject({
      status: 'fail',
      message: 'call_no_video',
    });
    expect(judged(call({ figures: undefined })).message).toBe('call_no_video');
    expect(judged(call({ figures: { ...GOOD, audioKbps: 0 } }))).toMatchObject({
      status: 'fail',
      message: 'call_no_audio',
    });
    // Without a microphone, no sound is expected.
    expect(judged(call({ sentAudio: false, figures: { ...GOOD, audioKbps: 0 } })).status).toBe('pass');
  });

  it('leaves the picture to the user when no camera was sent', () => {
    expect(judged(call({ sentVideo: false, figures: { ...GOOD, framesDecoded: 0 } }))).toMatchObject({
      status: 'manual',
      message: 'call_audio_only',
      evidence: { sentVideo: false, sentAudio: true },
    });
  });

  it('names the refusal when the relay answered 401 to the credentials', () => {
    const outcome = judged(call({ connected: false, relayed: false, errorCodes: [401, 401, 701], figures: undefined }));
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'call_refused',
      params: { code: 401 },
      evidence: { iceErrors: '401, 701', relayGathered: false, callConnected: false },
      fixes: [{ key: 'call_fix_credentials' }, ...flowTestFixes],
    });
    expect(outcome.figures).toBeUndefined();
  });

  it('fails with no relay reached, or a relay that never connected', () => {
    expect(judged(call({ connected: false, relayed: false, errorCodes: [701], figures: undefined }))).toMatchObject({
      status: 'fail',
      message: 'call_no_relay',
    });
    expect(judged(call({ connected: false, relayed: true, figures: undefined }))).toMatchObject({
      status: 'fail',
      message: 'call_not_connected',
    });
    // A browser that reports ICE errors and reported none, with no relay: still no relay.
    expect(judged(call({ connected: false, relayed: false, figures: undefined })).message).toBe('call_no_relay');
  });

  it('is manual when the browser cannot report ICE errors and no relay came', () => {
    expect(judged(call({ connected: false, relayed: false, errorEvents: false, figures: undefined }))).toMatchObject({
      status: 'manual',
      message: 'call_unproven',
      evidence: { iceErrorEvents: false },
      fixes: [{ key: 'call_fix_credentials' }, ...flowTestFixes],
    });
    // The same browser with a relay that did not connect: that is proven.
    expect(judged(call({ connected: false, relayed: true, errorEvents: false })).message).toBe('call_not_connected');
  });

  it('is manual when stopped before the end, and keeps the browser error when a step threw', () => {
    expect(judged(call({ aborted: true, connected: false, figures: undefined }))).toMatchObject({
      status: 'manual',
      message: 'call_aborted',
    });
    expect(
      judged(call({ connected: false, relayed: false, error: 'InvalidAccessError', figures: undefined })).evidence,
    ).toMatchObject({ error: 'InvalidAccessError' });
  });

  it('without credentials: manual with the §7 flow and video tests, and no evidence to show', () => {
    const outcome = callWithoutCredentials({ ...PROFILE, network: BUILTIN_PROFILE.network });
    expect(outcome).toEqual({
      status: 'manual',
      message: 'call_no_credentials',
      params: { minWidth: 320, minHeight: 240, minFps: 15, maxLossPct: 2 },
      evidence: {},
      fixes: [{ key: 'call_fix_credentials' }, ...flowTestFixes],
    });
    expect(judged(call({ credentials: false }))).toEqual(outcome);
    expect(judgeCall(call({ credentials: false }), SETTINGS).fixes).toEqual([{ key: 'call_fix_credentials' }]);
  });
});
