import { formatLabels } from '../profile/managed';
import {
  countStatuses,
  effectiveStatus,
  groupByStatus,
  isBlockingToConfirm,
  type StatusGroupId,
} from '../engine/rollup';
import { QUICK_FIX_KIND, type QuickFixResult } from '../engine/quickfix';
import type { Diagnostic, Status } from '../engine/types';
import { describeEvidence, type EvidenceRow } from '../i18n/evidence';
import type { Translate } from '../i18n/format';
import type { RunRecord } from '../run/types';
import { redactDeep, reportText } from './redact';
import { verdictText } from './verdict';

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

/** The browser and OS as the checks saw them, for the report header, in the report's language. */
export function environmentSummary(run: RunRecord, t: Translate): { browser: string; os: string } {
  const find = (id: string) => describeEvidence(run.diagnostics.find((d) => d.checkId === id)?.evidence ?? {}, t);
  const value = (rows: EvidenceRow[], key: string) => rows.find((row) => row.key === key)?.value;
  const b = find('browser');
  const o = find('os');
  const channel = value(b, 'channel');
  return {
    browser: [value(b, 'name'), value(b, 'version'), channel ? `(${channel})` : ''].filter(Boolean).join(' ') || '?',
    os: [value(o, 'family'), value(o, 'release'), value(o, 'windowsBuild')].filter(Boolean).join(' ') || '?',
  };
}

/** How a row's Quick Fix (or test) outcome reads: a test reports, a change is applied, unchanged or refused. */
export function quickFixNoteKey(result: QuickFixResult): string {
  if (result.error) return 'ui_quick_fix_refused';
  if (QUICK_FIX_KIND[result.id] === 'test') return 'ui_test_done';
  return result.ok ? 'ui_quick_fix_done' : 'ui_quick_fix_unchanged';
}

const SECTION_TITLES: Record<StatusGroupId, string> = {
  problems: 'report_problems',
  manual: 'report_manual',
  passed: 'report_passed',
};

export interface ReportItem {
  status: Status;
  statusLabel: string;
  codes: string[];
  message: string;
  answer?: string;
  /** What a Quick Fix did on this row, when one was applied. */
  quickFix?: string;
  seen?: string;
  fixes: string[];
}

export interface ReportModel {
  title: string;
  header: [string, string][];
  verdictLabel: string;
  verdict: string;
  counts: string;
  profileProblems: string[];
  sections: { title: string; items: ReportItem[]; detailed: boolean }[];
}

/**
 * "Mode du proxy : système; Requêtes : …", labelled in the report's language (utils/i18n/evidence.ts).
 * `d` comes from the run `buildReport` already redacted (evidence included).
 */
const evidenceLine = (d: Diagnostic, t: Translate) =>
  describeEvidence(d.evidence, t)
    .map(({ label, value }) => t('report_evidence_item', { label, value }))
    .join('; ');

/**
 * What a support ticket needs, in order: header, verdict, problems first with requirement
 * IDs, evidence and fix, then manual items with the user's answers, then passes.
 * The single gate: the run is redacted before anything reads it, and every string of the
 * model (whatever wording made it) is redacted again and folded to one line.
 */
export function buildReport(stored: RunRecord, t: Translate, offsetMinutes: number): ReportModel {
  const run = redactDeep(stored);
  const counts = countStatuses(run.diagnostics);
  const env = environmentSummary(run, t);
  const item = (d: Diagnostic): ReportItem => {
    const status = effectiveStatus(d);
    const answer = d.manual?.confirmation;
    const seen = evidenceLine(d, t);
    return {
      status,
      // An open question whose "no" blocks is marked so: these hold the verdict at "pending".
      statusLabel: isBlockingToConfirm(d) ? t('status_manual_blocking') : t(`status_${status}`),
      codes: d.covers,
      message: t(d.message.key, d.message.params),
      ...(answer && {
        answer:
          `${t(answer.answer === 'yes' ? 'ui_answer_yes' : 'ui_answer_no')} (${formatTimestamp(answer.at, offsetMinutes)})` +
          (answer.source === 'policy' ? ` — ${t('ui_answer_policy', { by: answer.by ?? '?' })}` : ''),
      }),
      ...(d.quickFix && {
        quickFix: t(quickFixNoteKey(d.quickFix), {
          time: formatTimestamp(d.quickFix.at, offsetMinutes),
          reason: d.quickFix.error ?? '',
        }),
      }),
      ...(seen && { seen }),
      fixes: d.fixes.map((fix) => `${t(fix.key, fix.params)}${fix.url ? ` ${fix.url}` : ''}`),
    };
  };
  const model: ReportModel = {
    title: t('report_title'),
    header: [
      [t('report_date'), formatTimestamp(run.finishedAt ?? run.startedAt, offsetMinutes)],
      [
        t('report_extension'),
        run.managedInstall ? `${run.extensionVersion}, ${t('ui_managed_install')}` : run.extensionVersion,
      ],
      [t('report_profile'), `${run.profile.name} (${run.profile.version}), ${t(`source_${run.profile.source}`)}`],
      ...(run.labels ? [[t('report_labels'), formatLabels(run.labels)] as [string, string]] : []),
      [t('report_browser'), env.browser],
      [t('report_os'), env.os],
    ],
    verdictLabel: t('report_verdict'),
    verdict: verdictText(run.overall, counts, t),
    counts: t('ui_counts', { ...counts, problems: counts.fail + counts.warn + counts.error }),
    profileProblems: [
      ...run.profileProblems.map((p) => `${t(`source_${p.source}`)} ${p.path || '/'}: ${t(p.key, p.params)}`),
      ...(run.profileProblemsOmitted ? [t('ui_more_problems', { count: run.profileProblemsOmitted })] : []),
    ],
    sections: groupByStatus(run.diagnostics).map(({ id, rows }) => ({
      title: t(SECTION_TITLES[id]),
      items: rows.map(item),
      detailed: id !== 'passed',
    })),
  };
  return redactDeep(model, reportText);
}
