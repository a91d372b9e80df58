import type { Check } from '../engine/types';
import { browserCheck } from './browser';
import { cacheCheck } from './cache';
import { clockCheck } from './clock';
import { codecsCheck } from './codecs';
import { passwordsCheck } from './passwords';
import { popupsCheck } from './popups';
import { proxyCheck } from './proxy';
import { zoomCheck } from './zoom';
import { webrtcPolicyCheck } from './webrtc-policy';
import { cpuCheck } from './cpu';
import { cameraCheck } from './camera';
import { audioCheck } from './audio';
import { callCheck } from './call';
import { displayResolutionCheck } from './display-resolution';
import { displayScaleCheck } from './display-scale';
import { httpsEndpointsCheck } from './https-endpoints';
import { httpsInspectionCheck } from './https-inspection';
import { manualChecks } from './manual';
import { mediaPathCheck } from './media-path';
import { mediaPortsCheck } from './media-ports';
import { stunCheck } from './stun';
import { tcpHostsCheck } from './tcp-hosts';
import { turnTcpCheck } from './turn-tcp';
import { turnUdpCheck } from './turn-udp';
import { memoryCheck } from './memory';
import { osCheck } from './os';
import { pdfViewerCheck } from './pdf-viewer';

/** The single registry. A meta-test fails when a check file is missing from it. */
export const CHECKS: Check[] = [
  browserCheck,
  osCheck,
  displayResolutionCheck,
  displayScaleCheck,
  memoryCheck,
  cpuCheck,
  pdfViewerCheck,
  cameraCheck,
  audioCheck,
  httpsEndpointsCheck,
  tcpHostsCheck,
  stunCheck,
  turnUdpCheck,
  turnTcpCheck,
  mediaPortsCheck,
  mediaPathCheck,
  callCheck,
  clockCheck,
  passwordsCheck,
  popupsCheck,
  zoomCheck,
  codecsCheck,
  proxyCheck,
  cacheCheck,
  httpsInspectionCheck,
  webrtcPolicyCheck,
  ...manualChecks,
];
