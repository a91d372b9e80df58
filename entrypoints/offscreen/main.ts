import { serveOffscreen } from '../../utils/platform/offscreen';
import { keepSentSnapshots } from '../../utils/platform/snapshot';

// Chrome only: the MV3 service worker has no RTCPeerConnection, this document does.
serveOffscreen();
// It has localStorage, the service worker has not: keeps the popup's first-frame snapshot.
keepSentSnapshots();
