import { CHECKS } from '../../utils/checks';
import { rollup } from '../../utils/engine/rollup';
import { toDiagnostic } from '../../utils/engine/runner';
import { createShared } from '../../utils/engine/shared';
import type { Diagnostic, Evidence, Outcome, Status } from '../../utils/engine/types';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import type { RunRecord } from '../../utils/run/types';
import { fakePlatform } from './fakes';

const COVERS: Record<string, string[]> = {
  browser: ['WEB-BROWSER'],
  'turn-udp': ['NET-TURN-UDP'],
  'manual-java': ['WEB-JAVA'],
  'manual-os-updates': ['WEB-OS-UPDATES'],
};

/** A realistic stored run for history and report tests. */
export function makeRun(
  id: string,
  startedAt: number,
  statuses: Record<string, Status> = {},
  extra: Partial<RunRecord> = {},
): RunRecord {
  const diagnostics: Diagnostic[] = Object.entries({
    browser: 'pass',
    'turn-udp': 'pass',
    'manual-java': 'manual',
    ...statuses,
  }).map(([checkId, status]) => ({
    checkId,
    covers: COVERS[checkId] ?? ['WEB-CPU'],
    category: 'browser',
    status: status as Status,
    message: { key: `check_${checkId.replace(/-/g, '_')}_pass` },
    evidence: (checkId === 'turn-udp'
      ? {
          probes: [
            `mediaserver1-2.maincare.com:3478 turn-udp: ${status === 'pass' ? 'allocated' : 'no-answer'} (80 ms)`,
          ],
        }
      : status === 'manual'
        ? {}
        : { brand: 'edge', version: '116.0.1938.62' }) as Evidence,
    fixes: [],
    ...(status === 'manual' && { manual: { unmetStatus: 'fail' as const } }),
    durationMs: 5,
  }));
  return {
    id,
    startedAt,
    finishedAt: startedAt + 1000,
    extensionVersion: '0.1.0',
    profile: { id: 'therape-6.1.0', name: 'Therap-e 6.1.0', version: '2 (2024-07-11)', source: 'builtin' },
    profileProblems: [],
    planned: diagnostics.length,
    diagnostics,
    overall: rollup(diagnostics, true),
    ...extra,
  };
}

const MEDIA_HOSTS = [1, 2].flatMap((n) => [1, 2, 3, 4].map((i) => `mediaserver${n}-${i}.maincare.com`));

/**
 * What every measured check says on an ideal Chrome 116 / Windows 10 workstation (issue 9:
 * 17 conformes); the rest is what a browser cannot see, as those checks return it there.
 */
const IDEAL: Record<string, Outcome> = {
  browser: {
    status: 'pass',
    message: 'pass',
    params: { name: 'Google Chrome', version: '116.0.5845.188' },
    evidence: { brand: 'chrome', name: 'Google Chrome', version: '116.0.5845.188', source: 'client-hints' },
  },
  os: { status: 'pass', message: 'pass', evidence: { family: 'windows', release: '10', windowsBuild: '22H2' } },
  'display-resolution': { status: 'pass', message: 'pass', evidence: { devicePixels: '1920×1080' } },
  'display-scale': { status: 'pass', message: 'pass', evidence: { scalePercent: 100 } },
  memory: { status: 'pass', message: 'pass', evidence: { capacityGiB: 15.8 } },
  cpu: { status: 'pass', message: 'pass', evidence: { modelName: 'Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz' } },
  'pdf-viewer': {
    status: 'manual',
    message: 'builtin_on',
    params: { min: '10.1.3.23' },
    evidence: { builtInViewerEnabled: true },
    manual: { unmetStatus: 'warn' },
  },
  camera: {
    status: 'manual',
    message: 'untested',
    params: { cameras: 1, sizes: '640×480, 320×240, 160×120' },
    evidence: { cameras: 1 },
    manual: { unmetStatus: 'warn' },
  },
  audio: {
    status: 'manual',
    message: 'untested',
    params: { microphones: 1 },
    evidence: { microphones: 1, audioOutputs: 1 },
    manual: { unmetStatus: 'warn' },
  },
  'https-endpoints': { status: 'pass', message: 'pass', evidence: {} },
  'tcp-hosts': { status: 'pass', message: 'pass', evidence: {} },
  stun: { status: 'pass', message: 'pass', evidence: { env1: '4/4', env2: '4/4' } },
  'turn-udp': { status: 'pass', message: 'pass', evidence: { env1: '4/4', env2: '4/4' } },
  'turn-tcp': { status: 'pass', message: 'pass', evidence: { env1: '4/4', env2: '4/4' } },
  'media-ports': {
    status: 'manual',
    message: 'udp_ok',
    params: { min: 49152, max: 65535, reached: 8, total: 8 },
    evidence: { udp3478Reached: MEDIA_HOSTS, rangeTested: false },
    manual: { unmetStatus: 'fail' },
  },
  // The built-in profile has no TURN credentials: the throughput cannot be measured.
  'media-path': {
    status: 'manual',
    message: 'no_credentials',
    params: { live: 2, async: 0.5 },
    evidence: {},
    manual: { unmetStatus: 'fail' },
  },
  clock: { status: 'pass', message: 'pass', evidence: { offsetSeconds: 0.4, precisionSeconds: 0.5 } },
  passwords: { status: 'pass', message: 'pass', evidence: { passwordSavingEnabled: false } },
  popups: { status: 'pass', message: 'pass', evidence: { 'https://www.norm-uni.fr': 'allow' } },
  zoom: {
    status: 'manual',
    message: 'no_tab',
    params: { origins: 'https://www.norm-uni.fr' },
    evidence: { appTabs: [] },
    manual: { unmetStatus: 'warn' },
  },
  codecs: { status: 'pass', message: 'pass', evidence: { required: ['H264', 'VP8', 'opus', 'PCMU', 'PCMA'] } },
  proxy: {
    status: 'manual',
    message: 'unseen',
    params: { mode: 'system', hosts: 'www.norm-uni.fr, visioplex.maincare.com, visioplex2.maincare.com' },
    evidence: { mode: 'system' },
    manual: { unmetStatus: 'fail' },
  },
  cache: { status: 'pass', message: 'pass', evidence: { freshSeconds: 3600 } },
  'https-inspection': {
    status: 'manual',
    message: 'chromium',
    params: { hosts: 'www.norm-uni.fr, visioplex.maincare.com, visioplex2.maincare.com' },
    evidence: {},
    manual: { unmetStatus: 'fail' },
  },
  'webrtc-policy': { status: 'pass', message: 'pass', evidence: { ipHandlingPolicy: 'default' } },
};

/**
 * A whole run of the registry on that workstation, nothing answered yet: the measured checks
 * as above, the manual items (utils/checks/manual.ts) as they really run.
 */
export async function idealWorkstationRun(): Promise<RunRecord> {
  const diagnostics: Diagnostic[] = [];
  for (const check of CHECKS) {
    const outcome =
      IDEAL[check.id] ??
      (await check.run({
        profile: BUILTIN_PROFILE,
        platform: fakePlatform(),
        signal: new AbortController().signal,
        now: () => 0,
        shared: createShared(),
      }));
    diagnostics.push(toDiagnostic(check, outcome, 3));
  }
  const at = Date.UTC(2026, 10, 28, 18, 0, 0);
  return {
    id: 'ideal',
    startedAt: at,
    finishedAt: at + 4000,
    extensionVersion: '0.1.0',
    profile: {
      id: BUILTIN_PROFILE.id,
      name: BUILTIN_PROFILE.name,
      version: BUILTIN_PROFILE.version,
      source: 'builtin',
    },
    profileProblems: [],
    planned: CHECKS.length,
    diagnostics,
    overall: rollup(diagnostics, true, CHECKS.length),
  };
}

/** Answers a manual item of a run as the hub does, and rolls the verdict up again. */
export function answer(
  run: RunRecord,
  checkId: string,
  value: 'yes' | 'no',
  extra: { source?: 'user' | 'policy'; by?: string } = {},
) {
  const d = run.diagnostics.find((x) => x.checkId === checkId);
  if (!d?.manual) throw new Error(`${checkId} is not a manual item`);
  d.manual.confirmation = { answer: value, at: run.finishedAt! + 1000, source: 'user', ...extra };
  run.overall = rollup(run.diagnostics, true, run.planned);
  return run;
}
