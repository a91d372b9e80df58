/**
 * Build-time flags (wxt.config.ts `define`), fixed in each build. Test-only: the shipped
 * build always has them false.
 */
interface ImportMetaEnv {
  /** Behave as if RTCPeerConnection had no `icecandidateerror` (Firefox ESR < 150), for e2e. */
  readonly TEST_NO_ICE_ERROR_EVENT: boolean;
}
