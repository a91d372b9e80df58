import { describe, expect, it } from 'vitest';
import { countStatuses, effectiveStatus, rollup } from '../../../utils/engine/rollup';
import type { Diagnostic, Status } from '../../../utils/engine/types';

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

describe('rollup', () => {
  it('fails on any failure, even while running', () => {
    expect(rollup([d('pass'), d('fail')], false)).toBe('fail');
  });
  it('is running until finished otherwise', () => {
    expect(rollup([d('pass')], false)).toBe('running');
  });
  it('says error when a check broke, before warnings', () => {
    expect(rollup([d('warn'), d('error')], true)).toBe('error');
  });
  it('says error when checks are missing from a finished run', () => {
    expect(rollup([d('pass')], true, 3)).toBe('error');
  });
  it('warns on warnings and passes otherwise (manual items do not block)', () => {
    expect(rollup([d('pass'), d('warn')], true)).toBe('warn');
    expect(rollup([d('pass'), d('manual', { manual: { unmetStatus: 'fail' } })], true)).toBe('pass');
  });
  it('counts a manual answer as what the user said', () => {
    const yes = d('manual', { manual: { unmetStatus: 'fail', confirmation: { answer: 'yes', at: 1 } } });
    const no = d('manual', { manual: { unmetStatus: 'warn', confirmation: { answer: 'no', at: 1 } } });
    const open = d('manual', { manual: { unmetStatus: 'fail' } });
    expect([yes, no, open].map(effectiveStatus)).toEqual(['pass', 'warn', 'manual']);
    expect(countStatuses([yes, no, open, d('manual')])).toMatchObject({ pass: 1, warn: 1, manual: 2, toConfirm: 1 });
    expect(
      rollup([d('manual', { manual: { unmetStatus: 'fail', confirmation: { answer: 'no', at: 1 } } })], true),
    ).toBe('fail');
  });
});
