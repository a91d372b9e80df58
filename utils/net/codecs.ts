/**
 * Codec names from what the browser lists (utils/platform/webrtc/codecs.ts). No browser API here
 * (unit-tested).
 */

/** The shape of `RTCRtpSender.getCapabilities(kind)`, as far as the codec list goes (null: kind unsupported). */
export type Capabilities = { codecs: { mimeType: string }[] } | null;

/** "video/H264" → "H264"; the RTX, RED, ULPFEC and comfort-noise entries are not media codecs. */
export function codecNames(capabilities: Capabilities[]): string[] {
  const names = capabilities.flatMap((c) => c?.codecs.map((codec) => codec.mimeType.split('/')[1] ?? '') ?? []);
  return [...new Set(names.filter((n) => n && !/^(rtx|red|ulpfec|flexfec-03|CN|telephone-event)$/i.test(n)))];
}

/** The codecs an SDP offers (its `a=rtpmap` lines), in the shape of `getCapabilities`. */
export function sdpCapabilities(sdp: string): Capabilities {
  return {
    codecs: [...sdp.matchAll(/^a=rtpmap:\d+ ([^/\s]+)\//gm)].map((m) => ({ mimeType: `x/${m[1]}` })),
  };
}
