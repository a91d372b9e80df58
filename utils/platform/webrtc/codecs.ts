import { codecNames, sdpCapabilities, type Capabilities } from '../../net/codecs';
import type { CodecFacts } from '../types';

interface RtpCapabilitiesApi {
  getCapabilities?(kind: 'audio' | 'video'): Capabilities;
}

/**
 * The WebRTC codecs this browser can send and receive. `getCapabilities` where it exists
 * (Chrome 116, Firefox ≥ 110); Firefox 102 lacks it, so there the codecs of an offer with an
 * audio and a video transceiver (sendrecv: offered codecs can be both sent and received).
 */
export async function listCodecs(): Promise<CodecFacts> {
  const sender = RTCRtpSender as unknown as RtpCapabilitiesApi;
  const receiver = RTCRtpReceiver as unknown as RtpCapabilitiesApi;
  const send = [sender.getCapabilities?.('audio'), sender.getCapabilities?.('video')];
  if (send[0] !== undefined) {
    const receive = [receiver.getCapabilities?.('audio') ?? null, receiver.getCapabilities?.('video') ?? null];
    return { method: 'getCapabilities', send: codecNames(send as Capabilities[]), receive: codecNames(receive) };
  }
  const pc = new RTCPeerConnection();
  try {
    pc.addTransceiver('audio');
    pc.addTransceiver('video');
    const offer = await pc.createOffer();
    const codecs = codecNames([sdpCapabilities(offer.sdp ?? '')]);
    return { method: 'sdp-offer', send: codecs, receive: codecs };
  } finally {
    pc.close();
  }
}
