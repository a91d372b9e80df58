import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueTranslator } from '../../../utils/i18n/format';
import { badgeFor } from '../../../utils/report/badge';
import { EXPORT_FORMAT, EXPORT_VERSION, exportRunJson } from '../../../utils/report/json';
import { formatMarkdownReport } from '../../../utils/report/markdown';
import { formatTimestamp } from '../../../utils/report/model';
import { redactEvidence, redactText } from '../../../utils/report/redact';
import { formatTextReport } from '../../../utils/report/text';
import type { RunRecord } from '../../../utils/run/types';
import { makeRun } from '../runs';

const catalogue = (lang: string) =>
  JSON.parse(readFileSync(resolve(__dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'));
const en = catalogueTranslator(catalogue('en'));
const fr = catalogueTranslator(catalogue('fr'));
const AT = Date.UTC(2026, 10, 28, 18, 5, 9);

function ticketRun(): RunRecord {
  const run = makeRun('r1', AT - 4000, { 'turn-udp': 'fail', 'manual-os-updates': 'manual' });
  run.diagnostics[3]!.message = { key: 'check_manual_os_updates_question' };
  run.diagnostics[3]!.fixes = [{ key: 'check_manual_os_updates_step_update' }];
  run.finishedAt = AT;
  run.diagnostics[1]!.message = {
    key: 'check_turn_udp_blocked',
    params: { port: 3478, proto: 'UDP', environments: 'env1', working: 'env1 0/4, env2 4/4' },
  };
  run.diagnostics[1]!.fixes = [
    { key: 'check_turn_udp_fix_flow_test', url: 'https://mire-multiplexage-tlm.maincare.com/' },
  ];
  run.diagnostics[2]!.manual = { unmetStatus: 'fail', confirmation: { answer: 'no', at: AT - 1000 } };
  run.diagnostics[2]!.message = { key: 'check_manual_java_question', params: { min: 'adoptopenjdk 1.8.0_302' } };
  run.diagnostics[0]!.message = {
    key: 'check_browser_pass',
    params: { name: 'Microsoft Edge', version: '116.0.1938.62' },
  };
  run.diagnostics[0]!.evidence = { brand: 'edge', name: 'Microsoft Edge', version: '116.0.1938.62' };
  run.overall = 'fail';
  return run;
}

describe('support-ticket report', () => {
  it('reads as expected (snapshot)', () => {
    expect(formatTextReport(ticketRun(), en, 60)).toMatchSnapshot();
  });

  it('puts the header first, then problems with requirement IDs, evidence and fix, manual answers, passes last', () => {
    const text = formatTextReport(ticketRun(), en, 60);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Therap-e workstation readiness report');
    expect(lines[1]).toBe('Date: 2026-11-28 19:05:09 UTC+01:00');
    expect(text.indexOf('== Problems')).toBeLessThan(text.indexOf('== To check by hand'));
    expect(text.indexOf('== To check by hand')).toBeLessThan(text.indexOf('== Passed'));
    expect(text).toContain(
      '[FAIL] NET-TURN-UDP: TURN/UDP: no media server answers on 3478/UDP in env1 (env1 0/4, env2 4/4).',
    );
    expect(text).toContain(
      '    Fix: Then confirm with the publisher’s flow test (“Lancer le test” must show “Succès”): https://mire-multiplexage-tlm.maincare.com/',
    );
    expect(text).toContain('Browser: Microsoft Edge 116.0.1938.62');
    // A "no" answer makes the manual item a problem, with the answer shown.
    expect(text).toMatch(/\[FAIL\] WEB-JAVA: .*\n {4}User’s answer: No \(2026-11-28 19:05:08 UTC\+01:00\)/);
  });

  it('says what a Quick Fix did on a row, with its time', () => {
    const run = ticketRun();
    run.diagnostics[0]!.quickFix = { id: 'passwords-off', at: AT - 2000, ok: true };
    run.diagnostics[1]!.quickFix = { id: 'popups-allow', at: AT - 1500, ok: false };
    const text = formatTextReport(run, en, 60);
    expect(text).toContain('Quick Fix applied at 2026-11-28 19:05:07 UTC+01:00: the setting was read back');
    expect(text).toContain(
      'Quick Fix tried at 2026-11-28 19:05:07 UTC+01:00, but the setting read back has not changed',
    );
    expect(formatMarkdownReport(run, fr, 60)).toContain('Correction rapide appliquée à 2026-11-28 19:05:07 UTC+01:00');
  });

  it('says in its header, text and Markdown, English and French, when the organisation installed the extension', () => {
    const managed = { ...ticketRun(), managedInstall: true };
    expect(formatTextReport(managed, en, 60)).toContain(
      `Extension version: ${managed.extensionVersion}, installed by your organisation`,
    );
    expect(formatMarkdownReport(managed, fr, 60)).toContain('installée par votre organisation');
    expect(formatTextReport(ticketRun(), en, 60)).not.toContain('organisation');
  });

  it('stays short enough to paste (under 4 KB for this run)', () => {
    expect(new TextEncoder().encode(formatTextReport(ticketRun(), en, 0)).length).toBeLessThan(4096);
  });

  it('exists in French', () => {
    const text = formatTextReport(ticketRun(), fr, 60);
    expect(text.split('\n')[0]).toBe('Rapport de conformité du poste pour Therap-e');
    expect(text).toContain('Verdict : Pas prêt'.replace(' :', ':'));
  });

  it('renders Markdown with escaped text and the same sections', () => {
    const md = formatMarkdownReport(ticketRun(), en, 0);
    expect(md.startsWith('## Therap-e workstation readiness report\n')).toBe(true);
    expect(md).toContain('### Problems (2)');
    expect(md).toContain('- **Fail** `NET-TURN-UDP` TURN/UDP: no media server');
  });

  it('exports versioned JSON that parses back to the run', () => {
    const parsed = JSON.parse(exportRunJson(ticketRun(), AT));
    expect(parsed).toMatchObject({
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: '2026-11-28T18:05:09.000Z',
      run: { id: 'r1', overall: 'fail' },
    });
    expect(parsed.run.diagnostics).toHaveLength(4);
  });

  it('never lets a secret through: credential-like keys and URL user info are redacted everywhere', () => {
    const run = ticketRun();
    run.diagnostics[1]!.evidence = {
      relay: 'turn:alice:s3cret@mediaserver1-1.maincare.com:3478',
      credential: 's3cret',
      probes: ['https://u:s3cret@x/?token=s3cret'],
    };
    for (const out of [formatTextReport(run, en, 0), formatMarkdownReport(run, en, 0), exportRunJson(run, AT)])
      expect(out).not.toContain('s3cret');
    expect(redactEvidence({ password: 'x', n: 3 })).toEqual({ password: '[redacted]', n: 3 });
    expect(redactText('https://bob:pw@host/path?username=bob')).toBe(
      'https://[redacted]@host/path?username=[redacted]',
    );
  });

  it('formats times with the offset stated', () => {
    expect(formatTimestamp(AT, -300)).toBe('2026-11-28 13:05:09 UTC-05:00');
    expect(formatTimestamp(AT, 330)).toBe('2026-11-28 23:35:09 UTC+05:30');
  });
});

describe('toolbar badge', () => {
  it('shows the number of problems in the verdict colour, and a tooltip with verdict and time', () => {
    const badge = badgeFor(ticketRun(), en);
    expect(badge).toMatchObject({ text: '2', colour: '#b3261e' });
    expect(badge.title).toMatch(/^Therap-e readiness — Not ready: blocking problems — 2 problem\(s\) — last run /);
  });

  it('shows a check mark in green when everything passed', () => {
    expect(badgeFor(makeRun('ok', AT), en)).toMatchObject({ text: '✓', colour: '#1e7b34' });
  });
});
