import type { Translate } from '../i18n/format';
import type { RunRecord } from '../run/types';
import { buildReport } from './model';

/** Plain text for a support ticket (pastes cleanly into any ticketing system). */
export function formatTextReport(run: RunRecord, t: Translate, offsetMinutes: number): string {
  const report = buildReport(run, t, offsetMinutes);
  const lines = [
    report.title,
    ...report.header.map(([k, v]) => `${k}: ${v}`),
    '',
    `${report.verdictLabel}: ${report.verdict}`,
    report.counts,
  ];
  for (const problem of report.profileProblems) lines.push(`! ${problem}`);
  for (const section of report.sections) {
    lines.push('', `== ${section.title} (${section.items.length}) ==`);
    for (const item of section.items) {
      lines.push(`[${item.statusLabel.toUpperCase()}] ${item.codes.join(', ')}: ${item.message}`);
      // Even on a pass: the agent must know the setting was changed from here.
      if (item.quickFix) lines.push(`    ${item.quickFix}`);
      // Even on a pass: whose answer it rests on (the user's, or IT's attestation).
      if (item.answer) lines.push(`    ${t('report_answer')}: ${item.answer}`);
      if (!section.detailed) continue;
      if (item.seen) lines.push(`    ${t('report_seen')}: ${item.seen}`);
      for (const fix of item.fixes) lines.push(`    ${t('report_fix')}: ${fix}`);
    }
  }
  return lines.join('\n') + '\n';
}
