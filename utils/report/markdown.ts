import type { Translate } from '../i18n/format';
import type { RunRecord } from '../run/types';
import { buildReport } from './model';

const escape = (text: string) => text.replace(/([\\`*_[\]|<>])/g, '\\$1');

/** Markdown for tickets and wikis that render it. */
export function formatMarkdownReport(run: RunRecord, t: Translate, offsetMinutes: number): string {
  const report = buildReport(run, t, offsetMinutes);
  const lines = [
    `## ${escape(report.title)}`,
    '',
    ...report.header.map(([k, v]) => `- **${escape(k)}:** ${escape(v)}`),
    '',
  ];
  lines.push(`**${escape(report.verdictLabel)}: ${escape(report.verdict)}** — ${escape(report.counts)}`);
  for (const problem of report.profileProblems) lines.push(`> ${escape(problem)}`);
  for (const section of report.sections) {
    lines.push('', `### ${escape(section.title)} (${section.items.length})`, '');
    for (const item of section.items) {
      lines.push(`- **${escape(item.statusLabel)}** \`${item.codes.join(', ')}\` ${escape(item.message)}`);
      if (item.quickFix) lines.push(`  - ${escape(item.quickFix)}`);
      // Even on a pass: whose answer it rests on (the user's, or IT's attestation).
      if (item.answer) lines.push(`  - ${escape(t('report_answer'))}: ${escape(item.answer)}`);
      if (!section.detailed) continue;
      if (item.seen) lines.push(`  - ${escape(t('report_seen'))}: \`${item.seen.replace(/`/g, "'")}\``);
      for (const fix of item.fixes) lines.push(`  - ${escape(t('report_fix'))}: ${escape(fix)}`);
    }
  }
  return lines.join('\n') + '\n';
}
