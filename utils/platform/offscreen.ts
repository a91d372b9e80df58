import { browser } from 'wxt/browser';
import { pool, type Settled } from '../net/pool';
import type { CodecFacts, IceProbeRequest, IceProbeResult, MediaPathRequest, MediaPathResult } from './types';
import { listCodecs } from './webrtc/codecs';
import { probeIce, warmUpRtc } from './webrtc/ice';
import { measureMediaPath } from './webrtc/media-path';

type OffscreenRequest =
  | { target: 'offscreen'; type: 'ice-probes'; requests: IceProbeRequest[] }
  | { target: 'offscreen'; type: 'media-path'; request: MediaPathRequest }
  | { target: 'offscreen'; type: 'codecs' };

interface ChromeOffscreen {
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
}

/** In the offscreen document: answers WebRTC requests from the service worker. */
export function serveOffscreen(): void {
  warmUpRtc().catch(() => undefined);
  browser.runtime.onMessage.addListener((message: unknown) => {
    const m = message as OffscreenRequest;
    if (m?.target !== 'offscreen') return undefined;
    // Each probe settled on its own (one failure does not fail the batch); errors as text to cross the message.
    if (m.type === 'ice-probes')
      return pool(m.requests, m.requests.length, probeIce).then((all) =>
        all.map((r) => (r.ok ? r : { ok: false, error: String(r.error) })),
      );
    return m.type === 'codecs' ? listCodecs() : measureMediaPath(m.request);
  });
}

let ready: Promise<void> | undefined;

/** Creates the offscreen document once (Chrome allows one per extension). */
function ensureOffscreen(): Promise<void> {
  ready ??= (async () => {
    const offscreen = (globalThis as { chrome?: { offscreen?: ChromeOffscreen } }).chrome?.offscreen;
    if (!offscreen) throw new Error('no RTCPeerConnection and no offscreen documents here');
    try {
      await offscreen.createDocument({
        url: browser.runtime.getURL('/offscreen.html' as never),
        reasons: ['WEB_RTC'],
        justification: 'Test STUN/TURN reachability and the media path with RTCPeerConnection.',
      });
    } catch (error) {
      // Already created (e.g. by an earlier service-worker life): reuse it.
      if (!/single offscreen|already/i.test(String(error))) throw error;
    }
  })().catch((error) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

async function viaOffscreen<T>(message: OffscreenRequest): Promise<T> {
  await ensureOffscreen();
  return (await browser.runtime.sendMessage(message)) as T;
}

let queue: { request: IceProbeRequest; resolve(r: IceProbeResult): void; reject(e: unknown): void }[] = [];

/** Probes asked for in the same tick travel to the offscreen document in one message. */
function batchedIceProbe(request: IceProbeRequest): Promise<IceProbeResult> {
  return new Promise((resolve, reject) => {
    queue.push({ request, resolve, reject });
    if (queue.length > 1) return;
    queueMicrotask(() => {
      const batch = queue;
      queue = [];
      viaOffscreen<Settled<IceProbeResult>[]>({
        target: 'offscreen',
        type: 'ice-probes',
        requests: batch.map((b) => b.request),
      }).then(
        (results) =>
          batch.forEach((b, i) => {
            const r = results[i]!;
            if (r.ok) b.resolve(r.value);
            else b.reject(new Error(String(r.error)));
          }),
        (error) => batch.forEach((b) => b.reject(error)),
      );
    });
  });
}

/** RTCPeerConnection where this context has it (Firefox background page), else the offscreen document. */
export const rtc = {
  warmUp: (): void => {
    (typeof RTCPeerConnection === 'function' ? warmUpRtc() : ensureOffscreen()).catch(() => undefined);
  },
  iceProbe: (request: IceProbeRequest): Promise<IceProbeResult> =>
    typeof RTCPeerConnection === 'function' ? probeIce(request) : batchedIceProbe(request),
  mediaPath: (request: MediaPathRequest): Promise<MediaPathResult> =>
    typeof RTCPeerConnection === 'function'
      ? measureMediaPath(request)
      : viaOffscreen({ target: 'offscreen', type: 'media-path', request }),
  codecs: (): Promise<CodecFacts> =>
    typeof RTCPeerConnection === 'function' ? listCodecs() : viaOffscreen({ target: 'offscreen', type: 'codecs' }),
};
