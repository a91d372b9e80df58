import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueTranslator } from '../../../utils/i18n/format';
import { BADGE_COLOURS, badgeFor } from '../../../utils/report/badge';
import { EXPORT_FORMAT, EXPORT_VERSION, exportRunJson } from '../../../utils/report/json';
import { formatMarkdownReport } from '../../../utils/report/markdown';
import { buildReport, formatTimestamp } from '../../../utils/report/model';
import { redactEvidence, redactText } from '../../../utils/report/redact';
import { formatTextReport } from '../../../utils/report/text';
import type { RunRecord } from '../../../utils/run/types';
import { answer, idealWorkstationRun, makeRun } from '../runs';

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
    params: {
      port: 3478,
      proto: 'UDP',
      environments: 'Environnement 1',
      working: 'Environnement 1 0/4, Environnement 2 4/4',
    },
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
      '[FAIL] NET-TURN-UDP: TURN/UDP: no media server answers on 3478/UDP in Environnement 1 (Environnement 1 0/4, Environnement 2 4/4).',
    );
    expect(text).toContain(
      '    Fix: Then confirm with the publisher’s flow test (“Lancer le test” must show “Succès”): https://mire-multiplexage-tlm.maincare.com/',
    );
    expect(text).toContain('Browser: Microsoft Edge 116.0.1938.62');
    // A "no" answer makes the manual item a problem, with the answer shown.
    expect(text).toMatch(/\[FAIL\] WEB-JAVA: .*\n {4}User’s answer: No \(2026-11-28 19:05:08 UTC\+01:00\)/);
  });

  it('orders the problems worst first: blocking, then broken checks, then warnings', () => {
    const run = makeRun('order', AT, { browser: 'warn', 'turn-udp': 'error', 'manual-java': 'pass', cpu: 'fail' });
    const model = buildReport(run, en, 0);
    expect(model.sections.map((s) => [s.title, s.items.map((i) => i.status)])).toEqual([
      ['Problems', ['fail', 'error', 'warn']],
      ['Passed', ['pass']],
    ]);
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

  it('lists the profile problems a run carries, then how many were left out, in English and French', () => {
    const run = ticketRun();
    run.profileProblems = [{ source: 'managed', path: 'display.minimum.width', key: 'schema_number' }];
    run.profileProblemsOmitted = 99_950;
    expect(formatTextReport(run, en, 60)).toContain('! … and 99950 more');
    expect(formatTextReport(run, fr, 60)).toContain('! … et 99950 de plus');
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
    expect(badge.title).toMatch(/^Therap-e readiness — Not ready: blocking problems — 2 problems — last run /);
    expect(badgeFor(ticketRun(), fr).title).toMatch(
      /^Prérequis Therap-e — Pas prêt : problèmes bloquants — 2 problèmes — /,
    );
  });

  it('shows a check mark in green when everything passed', () => {
    const run = answer(makeRun('ok', AT), 'manual-java', 'yes');
    expect(run.overall).toBe('pass');
    expect(badgeFor(run, en)).toMatchObject({ text: '✓', colour: '#1e7b34' });
    expect(badgeFor(run, fr).title).toContain('— aucun problème —');
  });

  it('pending has its own colour, the number of blocking items to confirm, and says so in the tooltip', async () => {
    const run = await idealWorkstationRun();
    const badge = badgeFor(run, en);
    expect(badge).toMatchObject({ text: '11?', colour: BADGE_COLOURS.pending });
    expect(new Set(Object.values(BADGE_COLOURS)).size).toBe(Object.keys(BADGE_COLOURS).length);
    expect(badge.title).toMatch(
      /^Therap-e readiness — Ready pending confirmation: 11 blocking items to confirm — no problems — last run /,
    );
    expect(badgeFor(run, fr).title).toMatch(
      /^Prérequis Therap-e — Prêt sous réserve : 11 points bloquants à confirmer — aucun problème — /,
    );
  });
});

describe('pending verdict in the reports', () => {
  const headline = (text: string) => text.split('\n').find((l) => l.startsWith('Verdict'));

  it('states the exact count, singular and plural, in English and French', async () => {
    const run = await idealWorkstationRun();
    expect(headline(formatTextReport(run, en, 60))).toBe(
      'Verdict: Ready pending confirmation: 11 blocking items to confirm',
    );
    expect(headline(formatTextReport(run, fr, 60))).toBe(
      'Verdict: Prêt sous réserve : 11 points bloquants à confirmer',
    );
    for (const id of ['media-ports', 'media-path', 'proxy', 'https-inspection', 'manual-os-updates'])
      answer(run, id, 'yes');
    for (const id of ['manual-disk-space', 'manual-java', 'manual-antivirus', 'manual-proxy-ntlm', 'manual-flow-test'])
      answer(run, id, 'yes');
    expect(headline(formatTextReport(run, en, 60))).toBe(
      'Verdict: Ready pending confirmation: 1 blocking item to confirm',
    );
    expect(headline(formatTextReport(run, fr, 60))).toBe('Verdict: Prêt sous réserve : 1 point bloquant à confirmer');
    answer(run, 'manual-video-test', 'yes');
    expect(headline(formatTextReport(run, fr, 60))).toBe('Verdict: Prêt : aucun problème détecté');
  });

  it('says both the warnings and the open blocking questions', async () => {
    const run = await idealWorkstationRun();
    Object.assign(
      run.diagnostics.find((x) => x.checkId === 'passwords')!,
      { status: 'warn' },
    );
    answer(run, 'manual-java', 'yes');
    expect(run.overall).toBe('pending');
    expect(headline(formatTextReport(run, en, 0))).toBe(
      'Verdict: Usable with warnings, pending confirmation: 10 blocking items to confirm',
    );
    expect(formatMarkdownReport(run, fr, 0)).toContain(
      '**Verdict: Utilisable avec des avertissements, sous réserve : 10 points bloquants à confirmer**',
    );
  });

  it('marks each open blocking question in the manual section, and shows the §7 tests with their steps and links', async () => {
    const run = await idealWorkstationRun();
    answer(run, 'manual-flow-test', 'yes');
    const text = formatTextReport(run, en, 60);
    expect(text.match(/^\[TO CONFIRM: BLOCKING IF NO\]/gm)).toHaveLength(10);
    expect(text).toMatch(/\[TO CHECK BY HAND\] WEB-OS-UPDATES|\[TO CONFIRM: BLOCKING IF NO\] WEB-OS-UPDATES/);
    expect(text).toContain(
      '[TO CONFIRM: BLOCKING IF NO] NET-MEDIA: Publisher’s video test (§7): from two separate devices, confirm that you see and hear each other.\n' +
        '    Fix: Video test page (open the same one on two separate devices): https://mire-multiplexage-tlm.maincare.com/liveswitch1/\n' +
        '    Fix: Video test page (open the same one on two separate devices): https://mire-multiplexage-tlm.maincare.com/liveswitch2/\n' +
        '    Fix: Enter the same number on both and choose the MCU video mode.\n' +
        '    Fix: If you see and hear each other, the test is passed.\n',
    );
    // The answered flow test is a pass, with the user's answer kept in the run.
    expect(text).toContain('[PASS] NET-MEDIA, NET-STUN, NET-TURN-UDP, NET-TURN-TCP: Publisher’s flow test (§7)');
    expect(text).toContain(
      "[TO CHECK BY HAND] DSK-CAM: Information (§6): the app can control IP cameras; to configure one, contact the support of Normand'e-santé (NeS): support@normand-esante.fr.\n" +
        "    Fix: Write to the support (Normand'e-santé (NeS)): mailto:support@normand-esante.fr",
    );
  });

  it('names IT as the source of an attested answer', async () => {
    const run = answer(await idealWorkstationRun(), 'manual-java', 'yes', { source: 'policy', by: 'DSI CHU' });
    expect(formatTextReport(run, fr, 60)).toContain(
      'Réponse de l’utilisateur: Oui, vérifié (2026-11-28 19:00:05 UTC+01:00) — attesté par le service informatique (DSI CHU)',
    );
  });

  it('exports pending in format version 2', async () => {
    const parsed = JSON.parse(exportRunJson(await idealWorkstationRun(), AT));
    expect(parsed).toMatchObject({ format: 'therape-readiness-run', version: 2, run: { overall: 'pending' } });
  });
});

describe('workstation labels (managed key `labels`)', () => {
  it('puts the labels in the header of the text and Markdown reports, in the report language', () => {
    const run = ticketRun();
    run.labels = { site: 'CHU Nord', room: 'B12' };
    expect(formatTextReport(run, en, 60)).toContain('Workstation: room: B12, site: CHU Nord');
    expect(formatTextReport(run, fr, 60)).toMatch(/Poste\s?: room: B12, site: CHU Nord/);
    expect(formatMarkdownReport(run, en, 60)).toContain('room: B12, site: CHU Nord');
    expect(formatTextReport(ticketRun(), en, 60)).not.toContain('Workstation');
  });
});
