import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { catalogueTranslator, type Translate } from '../../../utils/i18n/format';
import { exportRunJson } from '../../../utils/report/json';
import { formatMarkdownReport } from '../../../utils/report/markdown';
import { formatTextReport } from '../../../utils/report/text';
import type { RunRecord } from '../../../utils/run/types';
import { makeRun } from '../runs';

const catalogue = (lang: string) =>
  JSON.parse(readFileSync(resolve(__dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'));
export const en = catalogueTranslator(catalogue('en'));
export const fr = catalogueTranslator(catalogue('fr'));
export const AT = Date.UTC(2026, 10, 28, 18, 5, 9);

/** A run with a problem, a manual item answered "no" and a pass: every section of every report. */
export function baseRun(): RunRecord {
  const run = makeRun('r1', AT - 4000, { 'turn-udp': 'fail' });
  run.finishedAt = AT;
  run.diagnostics[2]!.manual = { unmetStatus: 'fail', confirmation: { answer: 'no', at: AT - 1000 } };
  run.diagnostics[2]!.message = { key: 'check_manual_java_question', params: { min: '1.8' } };
  run.diagnostics[1]!.message = {
    key: 'check_turn_udp_blocked',
    params: { port: 3478, proto: 'UDP', environments: 'env1', working: 'env1 0/4' },
  };
  return run;
}

const turn = (run: RunRecord) => run.diagnostics[1]!;

/**
 * Every place of a stored run whose text reaches a report, as a setter. A secret or a hostile
 * string put in any of them must come out redacted and inert in the text, Markdown and JSON.
 */
export const FIELDS: Record<string, (run: RunRecord, value: string) => void> = {
  messageParam: (run, v) => (turn(run).message.params!.working = v),
  fixParam: (run, v) => turn(run).fixes.push({ key: 'check_https_endpoints_fix_other', params: { hosts: v } }),
  fixUrl: (run, v) => turn(run).fixes.push({ key: 'check_https_endpoints_fix_flow_test', url: v }),
  quickFixActionParam: (run, v) =>
    turn(run).fixes.push({
      key: 'check_popups_fix_quick',
      action: { id: 'popups-allow', params: { patterns: v } },
    }),
  evidenceValue: (run, v) => (turn(run).evidence.relay = v),
  evidenceListItem: (run, v) => (turn(run).evidence.probes = ['mediaserver1-2.maincare.com:3478 ok', v]),
  evidenceKey: (run, v) => (turn(run).evidence[v] = 'allowed'),
  passEvidenceKey: (run, v) => (run.diagnostics[0]!.evidence[v] = 1),
  browserName: (run, v) => (run.diagnostics[0]!.evidence.name = v),
  profileName: (run, v) => (run.profile.name = v),
  profileVersion: (run, v) => (run.profile.version = v),
  extensionVersion: (run, v) => (run.extensionVersion = v),
  profileProblemParam: (run, v) =>
    run.profileProblems.push({
      source: 'managed',
      path: 'links.flowTest',
      key: 'schema_expected_url',
      params: { value: v },
    }),
  profileProblemPath: (run, v) =>
    run.profileProblems.push({ source: 'imported', path: v, key: 'schema_unknown_field' }),
  quickFixError: (run, v) => (turn(run).quickFix = { id: 'popups-allow', at: AT - 500, ok: false, error: v }),
  historyError: (run, v) => (run.historyError = v),
};

/** Every report of a run, as a reader sees it: the Markdown with its escapes removed, the JSON decoded. */
export function allReports(
  run: RunRecord,
  t: Translate = en,
): { text: string; markdown: string; json: string; jsonStrings: string } {
  const json = exportRunJson(run, AT);
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        strings.push(k);
        walk(v);
      }
  };
  walk(JSON.parse(json));
  return {
    text: formatTextReport(run, t, 60),
    markdown: unescapeMarkdown(formatMarkdownReport(run, t, 60)),
    json,
    jsonStrings: strings.join('\n'),
  };
}

/** Markdown as rendered text: backslash escapes removed (a secret split by escapes still leaks). */
export const unescapeMarkdown = (md: string) => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** The parts of a secret long enough to prove a leak (a half-redacted secret leaks its tail). */
export const secretParts = (secret: string) => secret.split(/[^A-Za-z0-9]+/).filter((part) => part.length >= 6);
