import type { Check } from '../engine/types';
import { browserCheck } from './browser';
import { cpuCheck } from './cpu';
import { devicesCheck } from './devices';
import { displayResolutionCheck } from './display-resolution';
import { displayScaleCheck } from './display-scale';
import { manualChecks } from './manual';
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
  devicesCheck,
  ...manualChecks,
];
