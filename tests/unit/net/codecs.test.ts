import { describe, expect, it } from 'vitest';
import { codecNames, sdpCapabilities } from '../../../utils/net/codecs';

const caps = (...mimeTypes: string[]) => ({ codecs: mimeTypes.map((mimeType) => ({ mimeType })) });

describe('codecNames', () => {
  it('is empty with no capability, or only unsupported kinds (null)', () => {
    expect(codecNames([])).toEqual([]);
    expect(codecNames([null, null])).toEqual([]);
  });

  it('names one codec from its MIME type', () => {
    expect(codecNames([caps('video/VP8')])).toEqual(['VP8']);
  });

  it('keeps each name once (ties across kinds and profiles) and drops the non-media entries', () => {
    expect(
      codecNames([
        caps('audio/opus', 'audio/CN', 'audio/telephone-event', 'audio/red'),
        caps('video/H264', 'video/H264', 'video/rtx', 'video/ulpfec', 'video/flexfec-03', 'video/RED', 'video/AV1'),
      ]),
    ).toEqual(['opus', 'H264', 'AV1']);
  });

  it('ignores a MIME type without a subtype', () => {
    expect(codecNames([caps('video', 'video/')])).toEqual([]);
  });
});

describe('sdpCapabilities', () => {
  it('lists nothing for an SDP without rtpmap lines', () => {
    expect(sdpCapabilities('')).toEqual({ codecs: [] });
    expect(sdpCapabilities('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n')).toEqual({ codecs: [] });
  });

  it('lists each rtpmap line, in order, named like getCapabilities', () => {
    const sdp =
      'm=audio 9 x 111\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\na=rtpmap:96 VP8/90000\r\n';
    const listed = sdpCapabilities(sdp);
    expect(listed).toEqual({
      codecs: [{ mimeType: 'x/opus' }, { mimeType: 'x/telephone-event' }, { mimeType: 'x/VP8' }],
    });
    expect(codecNames([listed])).toEqual(['opus', 'VP8']);
  });
});
