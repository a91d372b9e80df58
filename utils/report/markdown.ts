import type { Translate } from '../i18n/format';
import type { RunRecord } from '../run/types';
import { buildReport } from './model';
import { foldLines } from './redact';

/**
 * Markdown's gate for every interpolated value (the model already redacted and folded it;
 * folding again costs nothing): one line, and punctuation Markdown reads is escaped.
 */
const escape = (text: string) => foldLines(text).replace(/([\\`*_[\]|<>#~&])/g, '\\$1');

/** A code span that holds any text: a fence longer than any backtick run inside, padded when needed. */
const code = (text: string) => {
  const folded = foldLines(text);
  const fence = '`'.repeat(Math.max(0, ...(folded.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = /`/.test(folded) || /^ .*[^ ].* $/.test(folded) ? ' ' : '';
  return `${fence}${pad}${folded}${pad}${fence}`;
};

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
      lines.push(`- **${escape(item.statusLabel)}** ${code(item.codes.join(', '))} ${escape(item.message)}`);
      if (item.quickFix) lines.push(`  - ${escape(item.quickFix)}`);
      // Even on a pass: whose answer it rests on (the user's, or IT's attestation).
      if (item.answer) lines.push(`  - ${escape(t('report_answer'))}: ${escape(item.answer)}`);
      if (!section.detailed) continue;
      if (item.seen) lines.push(`  - ${escape(t('report_seen'))}: ${code(item.seen)}`);
      for (const fix of item.fixes) lines.push(`  - ${escape(t('report_fix'))}: ${escape(fix)}`);
    }
  }
  return lines.join('\n') + '\n';
}
