import { describe, expect, it } from 'vitest';
import {
  countStatuses,
  effectiveStatus,
  groupByStatus,
  isBlockingToConfirm,
  rollup,
  splitByAudience,
} from '../../../utils/engine/rollup';
import type { Diagnostic, Status } from '../../../utils/engine/types';
import { answer, idealWorkstationRun } from '../runs';

const d = (status: Status, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  checkId: `c-${status}-${Math.random()}`,
  covers: [],
  category: 'system',
  status,
  message: { key: 'k' },
  evidence: {},
  fixes: [],
  durationMs: 1,
  ...extra,
});

/** The blocking questions of the ideal workstation: the nine, and the publisher's two §7 tests. */
const BLOCKING = [
  'media-ports',
  'media-path',
  'proxy',
  'https-inspection',
  'manual-os-updates',
  'manual-disk-space',
  'manual-java',
  'manual-antivirus',
  'manual-proxy-ntlm',
  'manual-flow-test',
  'manual-video-test',
];

describe('rollup', () => {
  it('fails on any failure, even while running', () => {
    expect(rollup([d('pass'), d('fail')], false)).toBe('fail');
  });
  it('is running until finished otherwise', () => {
    expect(rollup([d('pass')], false)).toBe('running');
    expect(rollup([d('pass'), d('manual', { manual: { unmetStatus: 'fail' } })], false)).toBe('running');
  });
  it('says error when a check broke, before warnings and open questions', () => {
    expect(rollup([d('warn'), d('error')], true)).toBe('error');
    expect(rollup([d('manual', { manual: { unmetStatus: 'fail' } }), d('error')], true)).toBe('error');
  });
  it('says error when checks are missing from a finished run', () => {
    expect(rollup([d('pass')], true, 3)).toBe('error');
  });
  it('warns on warnings and passes otherwise', () => {
    expect(rollup([d('pass'), d('warn')], true)).toBe('warn');
    expect(rollup([d('pass')], true)).toBe('pass');
  });
  it('counts a manual answer as what the user said', () => {
    const yes = d('manual', { manual: { unmetStatus: 'fail', confirmation: { answer: 'yes', at: 1 } } });
    const no = d('manual', { manual: { unmetStatus: 'warn', confirmation: { answer: 'no', at: 1 } } });
    const open = d('manual', { manual: { unmetStatus: 'fail' } });
    expect([yes, no, open].map(effectiveStatus)).toEqual(['pass', 'warn', 'manual']);
    expect(countStatuses([yes, no, open, d('manual')])).toMatchObject({
      pass: 1,
      warn: 1,
      manual: 2,
      toConfirm: 1,
      blockingToConfirm: 1,
    });
    expect(
      rollup([d('manual', { manual: { unmetStatus: 'fail', confirmation: { answer: 'no', at: 1 } } })], true),
    ).toBe('fail');
  });
});

describe('pending: nothing measured blocks, blocking questions are open', () => {
  it('never says ready on the ideal Chrome 116 / Windows 10 workstation with 11 blocking questions open', async () => {
    const run = await idealWorkstationRun();
    const counts = countStatuses(run.diagnostics);
    expect(counts).toMatchObject({ pass: 17, warn: 0, fail: 0, error: 0, toConfirm: 18, blockingToConfirm: 11 });
    expect(run.diagnostics.filter(isBlockingToConfirm).map((x) => x.checkId)).toEqual(BLOCKING);
    expect(run.overall).toBe('pending');
  });

  it('is ready only once every blocking item is confirmed; open warn-level questions do not hold it', async () => {
    const run = await idealWorkstationRun();
    for (const id of BLOCKING.slice(0, -1)) answer(run, id, 'yes');
    expect(run.overall).toBe('pending');
    expect(countStatuses(run.diagnostics).blockingToConfirm).toBe(1);
    answer(run, 'manual-video-test', 'yes');
    expect(run.overall).toBe('pass');
    // pdf-viewer, camera, audio, call, zoom, desktop software, cache on close: still open, only warnings if "no".
    expect(countStatuses(run.diagnostics)).toMatchObject({ toConfirm: 7, blockingToConfirm: 0 });
  });

  it('turns fail when a blocking item is answered "no"', async () => {
    const run = answer(await idealWorkstationRun(), 'manual-antivirus', 'no');
    expect(run.overall).toBe('fail');
  });

  it('outranks warnings (both are said), and leaves warn once the questions are answered', async () => {
    const run = await idealWorkstationRun();
    const passwords = run.diagnostics.find((x) => x.checkId === 'passwords')!;
    Object.assign(passwords, { status: 'warn', message: { key: 'check_passwords_enabled' } });
    run.overall = rollup(run.diagnostics, true, run.planned);
    expect(run.overall).toBe('pending');
    expect(countStatuses(run.diagnostics)).toMatchObject({ warn: 1, blockingToConfirm: 11 });
    for (const id of BLOCKING) answer(run, id, 'yes');
    expect(run.overall).toBe('warn');
  });

  it('counts an answer attested by IT (source "policy") as confirmed, like the user’s', async () => {
    const run = await idealWorkstationRun();
    for (const id of BLOCKING) answer(run, id, 'yes', { source: 'policy', by: 'DSI CHU Rouen' });
    expect(run.overall).toBe('pass');
    const run2 = answer(await idealWorkstationRun(), 'manual-java', 'no', { source: 'policy', by: 'DSI' });
    expect(run2.overall).toBe('fail');
  });

  it('sets apart the unanswered questions only IT can answer (the popup folds them); answered ones leave the fold', async () => {
    const run = await idealWorkstationRun();
    const manualRows = run.diagnostics.filter((x) => effectiveStatus(x) === 'manual');
    const ids = (rows: Diagnostic[]) => rows.map((x) => x.checkId);
    const { asked, forIt } = splitByAudience(manualRows);
    expect(ids(forIt)).toEqual([
      'manual-os-updates',
      'manual-disk-space',
      'manual-java',
      'manual-desktop-software',
      'manual-antivirus',
      'manual-cache-on-close',
      'manual-proxy-ntlm',
    ]);
    expect(ids(asked)).toEqual(expect.arrayContaining(['manual-flow-test', 'manual-video-test', 'manual-ip-camera']));
    answer(run, 'manual-java', 'yes', { source: 'policy', by: 'DSI' });
    expect(ids(splitByAudience(run.diagnostics).forIt)).not.toContain('manual-java');
    expect(splitByAudience(run.diagnostics).forIt).toHaveLength(6);
  });
});

describe('status groups (one definition for the popup and the reports)', () => {
  it('puts problems first, worst first (fail, error, warn), then questions, then passes, registry order among equals', () => {
    const answeredNo = d('manual', { manual: { unmetStatus: 'warn', confirmation: { answer: 'no', at: 1 } } });
    const rows = [d('pass'), d('warn'), d('manual'), answeredNo, d('error'), d('fail'), d('warn')];
    const groups = groupByStatus(rows);
    expect(groups.map((g) => [g.id, g.rows.map(effectiveStatus)])).toEqual([
      ['problems', ['fail', 'error', 'warn', 'warn', 'warn']],
      ['manual', ['manual']],
      ['passed', ['pass']],
    ]);
    // Among equals, the registry order is kept: the first warn row, then the answered "no", then the last warn.
    expect(groups[0]!.rows.slice(2)).toEqual([rows[1], answeredNo, rows[6]]);
  });

  it('leaves out an empty group', () => {
    expect(groupByStatus([d('pass')]).map((g) => g.id)).toEqual(['passed']);
  });
});
