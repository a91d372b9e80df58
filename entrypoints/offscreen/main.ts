import { serveOffscreen } from '../../utils/platform/offscreen';

// Chrome only: the MV3 service worker has no RTCPeerConnection, this document does.
serveOffscreen();
