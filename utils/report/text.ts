import { countStatuses, effectiveStatus, STATUS_ORDER } from '../engine/rollup';
import type { Diagnostic, Evidence } from '../engine/types';
import type { Translate } from '../i18n/format';
import type { RunRecord } from '../run/types';

/** "2026-11-28 19:53:41 UTC+01:00": readable in any ticket, with the offset stated. */
export function formatTimestamp(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ` +
    `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const evidenceLine = (evidence: Evidence) =>
  Object.entries(evidence)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');

/** The browser and OS as the checks saw them, for the report header. */
export function environmentSummary(run: RunRecord): { browser: string; os: string } {
  const find = (id: string) => run.diagnostics.find((d) => d.checkId === id)?.evidence ?? {};
  const b = find('browser');
  const o = find('os');
  return {
    browser: [b.name, b.version, b.channel ? `(${b.channel})` : ''].filter(Boolean).join(' ') || '?',
    os: [o.family, o.release, o.windowsBuild].filter(Boolean).join(' ') || '?',
  };
}

/**
 * Plain text for a support ticket: header, verdict, problems first with requirement IDs,
 * evidence and fix, then manual items with the user's answers, then a compact pass list.
 */
export function formatTextReport(run: RunRecord, t: Translate, offsetMinutes: number): string {
  const counts = countStatuses(run.diagnostics);
  const env = environmentSummary(run);
  const lines = [
    t('report_title'),
    `${t('report_date')}: ${formatTimestamp(run.finishedAt ?? run.startedAt, offsetMinutes)}`,
    `${t('report_extension')}: ${run.extensionVersion}`,
    `${t('report_profile')}: ${run.profile.name} (${run.profile.version}), ${t(`source_${run.profile.source}`)}`,
    `${t('report_browser')}: ${env.browser}`,
    `${t('report_os')}: ${env.os}`,
    '',
    `${t('report_verdict')}: ${t(`verdict_${run.overall}`)}`,
    t('ui_counts', { ...counts, problems: counts.fail + counts.warn + counts.error }),
  ];
  for (const p of run.profileProblems)
    lines.push(`! ${t(`source_${p.source}`)} ${p.path || '/'}: ${t(p.key, p.params)}`);

  const byStatus = (d: Diagnostic) => STATUS_ORDER.indexOf(effectiveStatus(d));
  const sorted = [...run.diagnostics].sort((a, b) => byStatus(a) - byStatus(b));
  const section = (title: string, rows: Diagnostic[], detailed: boolean) => {
    if (rows.length === 0) return;
    lines.push('', `== ${title} (${rows.length}) ==`);
    for (const d of rows) {
      const status = effectiveStatus(d);
      lines.push(
        `[${t(`status_${status}`).toUpperCase()}] ${d.covers.join(', ')}: ${t(d.message.key, d.message.params)}`,
      );
      if (!detailed) continue;
      const answer = d.manual?.confirmation;
      if (answer)
        lines.push(
          `    ${t('report_answer')}: ${t(answer.answer === 'yes' ? 'ui_answer_yes' : 'ui_answer_no')} (${formatTimestamp(answer.at, offsetMinutes)})`,
        );
      if (Object.keys(d.evidence).length) lines.push(`    ${t('report_seen')}: ${evidenceLine(d.evidence)}`);
      for (const fix of d.fixes)
        lines.push(`    ${t('report_fix')}: ${t(fix.key, fix.params)}${fix.url ? ` ${fix.url}` : ''}`);
    }
  };
  section(
    t('report_problems'),
    sorted.filter((d) => ['fail', 'error', 'warn'].includes(effectiveStatus(d))),
    true,
  );
  section(
    t('report_manual'),
    sorted.filter((d) => effectiveStatus(d) === 'manual'),
    true,
  );
  section(
    t('report_passed'),
    sorted.filter((d) => effectiveStatus(d) === 'pass'),
    false,
  );
  return lines.join('\n') + '\n';
}
