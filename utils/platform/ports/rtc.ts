import type { IceObservation } from '../../net/ice';
import type { MediaTransport } from '../../profile/types';

/** WebRTC measurements (webrtc/: ice.ts, media-path.ts, codecs.ts; in Chrome's offscreen document, offscreen.ts). */

export interface IceProbeRequest {
  url: string;
  transport: MediaTransport;
  username?: string;
  credential?: string;
  timeoutMs: number;
}

export type IceProbeResult = IceObservation & { url: string };

export interface MediaPathRequest {
  /** TURN URL of the relay both peers use. */
  url: string;
  username: string;
  credential: string;
  /** Bound of the whole measurement; on expiry the result says at which stage it stopped. */
  timeoutMs: number;
  /** How long each direction sends for the throughput measurement. */
  measureMs: number;
  pings: number;
}

export type MediaStage = 'allocating' | 'connecting' | 'round-trip' | 'throughput-up' | 'throughput-down';

export interface MediaPathResult {
  stagesCompleted: MediaStage[];
  /** The stage that did not finish (absent when all did). */
  stoppedAt?: MediaStage;
  error?: string;
  connectMs?: number;
  rtt?: { medianMs: number; p95Ms: number; samples: number };
  jitterMs?: number;
  lossPercent?: number;
  /** Peer A → relay → peer B, and back, in Mb/s counted by the receiver. */
  upMbps?: number;
  downMbps?: number;
}

export interface CodecFacts {
  /** `getCapabilities` (RTCRtpSender/Receiver) where the browser has it, else the codecs of an SDP offer. */
  method: 'getCapabilities' | 'sdp-offer';
  send: string[];
  receive: string[];
}

export interface RtcProbes {
  /** Starts slow set-up (Chrome's offscreen document) while the profile loads. Never throws. */
  warmUp(): void;
  iceProbe(request: IceProbeRequest): Promise<IceProbeResult>;
  mediaPath(request: MediaPathRequest): Promise<MediaPathResult>;
  /** The browser's WebRTC codecs (RTP names), sendable and receivable, and how they were read. */
  codecs(): Promise<CodecFacts>;
}
