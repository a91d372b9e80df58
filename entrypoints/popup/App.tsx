import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ProblemsPanel } from '../../components/ProblemsPanel';
import { ManagedInstall } from '../../components/ManagedInstall';
import { ProfileBanner } from '../../components/ProfileBanner';
import { ReportingConsentNotice } from '../../components/ReportingConsentNotice';
import { QuickFixNote } from '../../components/FixList';
import { VerdictHeader } from '../../components/VerdictHeader';
import { measurePageFacts } from '../../utils/platform/page';
import { t } from '../../utils/platform/i18n';
import { copyText, utcOffsetMinutes } from '../../utils/platform/clipboard';
import { connectToHub, openOptionsPage, openReportPage, type HubConnection } from '../../utils/platform/messaging';
import { formatTextReport } from '../../utils/report/text';
import { dropSnapshot, snapshotShown } from '../../utils/platform/snapshot';
import { loadLastRun, rememberVerdict } from '../../utils/platform/storage';
import { afterNextPaint, markPainted, MARKS } from '../../utils/platform/timing';
import type { Diagnostic } from '../../utils/engine/types';
import type { ClientMessage, RunRecord } from '../../utils/run/types';

interface View {
  run: RunRecord;
  running: boolean;
  stale: boolean;
  fixing?: string;
}

/** While a run streams in, rows not yet re-checked keep their last known result. */
function withPending(run: RunRecord, previous: RunRecord | undefined): Diagnostic[] {
  if (!previous || previous.id === run.id) return run.diagnostics;
  const fresh = new Set(run.diagnostics.map((d) => d.checkId));
  return [...run.diagnostics, ...previous.diagnostics.filter((d) => !fresh.has(d.checkId))];
}

export function App() {
  const [view, setView] = useState<View>();
  // The snapshot painted before this code loaded (entrypoints/popup-snapshot.ts) stays until
  // the first view replaces it in the same frame; meanwhile no "starting" line under it.
  const [snapshot] = useState(snapshotShown);
  const [lost, setLost] = useState(false);
  const [copyStatus, setCopyStatus] = useState('');
  // The verdict header paints first; the rows follow one frame later.
  const [rowsShown, setRowsShown] = useState(false);
  const previous = useRef<RunRecord>();
  const connection = useRef<HubConnection>();
  // A run asked for and no state from it yet: the background says nothing while its STUN/TURN
  // probes run (utils/run/hub.ts), so meanwhile the last verdict stays up and the popup takes
  // no answer, fix or second start (it would be applied to the last run, or refused unseen).
  const [starting, setStarting] = useState(false);
  const startingRef = useRef(false);
  const markStarting = (value: boolean) => {
    startingRef.current = value;
    setStarting(value);
  };

  const send = (message: ClientMessage) => {
    if (!connection.current) {
      connection.current = connectToHub(
        (state) => {
          // A finished run is the one the next run's pending rows fall back on.
          if (!state.running) previous.current = state.run;
          markStarting(false);
          setLost(false);
          setView({ run: state.run, running: state.running, stale: false, fixing: state.fixing });
        },
        () => {
          connection.current = undefined;
          const wasStarting = startingRef.current;
          markStarting(false);
          setView((current) => {
            if (current?.running || wasStarting) setLost(true);
            return current && { ...current, running: false };
          });
        },
      );
    }
    connection.current.send(message);
  };

  const start = async () => {
    const page = await measurePageFacts();
    markStarting(true);
    send({ type: 'start', page });
  };

  useEffect(() => {
    // Paint the last known verdict first; only then start the fresh run (waking the
    // background and measuring the page would otherwise compete with that first paint).
    void loadLastRun()
      .catch(() => undefined)
      .then((last) => {
        previous.current = last;
        if (last) setView((current) => current ?? { run: last, running: false, stale: true });
        afterNextPaint(() => {
          setRowsShown(true);
          void start();
        });
      });
    return () => connection.current?.close();
  }, []);

  useLayoutEffect(() => {
    if (view) dropSnapshot();
  }, [!view]);

  useEffect(() => {
    if (!view || view.running) return;
    const mark = view.stale ? MARKS.lastVerdictPainted : MARKS.freshVerdictPainted;
    markPainted(mark, { runId: view.run.id, overall: view.run.overall });
  }, [view?.run.id, view?.stale, view?.running]);

  // Every finished run shown (answers included) is what the next popup paints first.
  useEffect(() => {
    if (view && !view.running) void rememberVerdict(view.run);
  }, [view?.run, view?.running]);

  const copyReport = async () => {
    if (!view) return;
    try {
      await copyText(formatTextReport(view.run, t, utcOffsetMinutes()));
      setCopyStatus(t('ui_copied'));
    } catch (error) {
      setCopyStatus(t('ui_copy_failed', { reason: String(error) }));
    }
  };

  const answer = (checkId: string, value: 'yes' | 'no' | null) =>
    view && send({ type: 'confirm', runId: view.run.id, checkId, answer: value });

  // The row a Quick Fix was asked for: its outcome is announced above the panel (the row may move).
  const [fixRequested, setFixRequested] = useState<string>();
  const quickFix = async (checkId: string) => {
    if (!view) return;
    setFixRequested(checkId);
    send({ type: 'quick-fix', runId: view.run.id, checkId, page: await measurePageFacts() });
  };
  const busy = Boolean(view?.running) || starting;
  const fixed = view?.fixing ? undefined : view?.run.diagnostics.find((d) => d.checkId === fixRequested && d.quickFix);

  return (
    <main class="popup" data-starting={starting || undefined}>
      {view ? (
        <>
          <VerdictHeader run={view.run} running={view.running} stale={view.stale} />
          {lost && (
            <p class="profile-problems" role="alert">
              {t('ui_connection_lost')}
            </p>
          )}
          {view.run.historyError && (
            <p class="profile-problems" role="alert" data-history-error>
              {t('ui_history_error', { reason: view.run.historyError })}
            </p>
          )}
          {view.run.saveError && (
            <p class="profile-problems" role="alert" data-save-error>
              {t('ui_save_error', { reason: view.run.saveError })}
            </p>
          )}
          {view.run.profile.name && (
            <ProfileBanner
              profile={view.run.profile}
              problems={view.run.profileProblems}
              omitted={view.run.profileProblemsOmitted}
              labels={view.run.labels}
            />
          )}
          <ManagedInstall />
          {rowsShown && <ReportingConsentNotice />}
          {fixed?.quickFix && (
            <div class="quick-fix-outcome" data-quick-fix-check={fixed.checkId}>
              <QuickFixNote result={fixed.quickFix} />
              <p class="small">{t(fixed.message.key, fixed.message.params)}</p>
            </div>
          )}
          {rowsShown && (
            <ProblemsPanel
              foldItItems
              diagnostics={view.running ? withPending(view.run, previous.current) : view.run.diagnostics}
              onAnswer={busy ? undefined : answer}
              onQuickFix={busy ? undefined : (checkId) => void quickFix(checkId)}
              fixing={view.fixing}
            />
          )}
        </>
      ) : (
        !snapshot && <p class="muted">{t('ui_starting')}</p>
      )}
      <footer class="actions">
        <button type="button" class="primary" onClick={() => void start()} disabled={busy}>
          {t('ui_run_again')}
        </button>
        <button type="button" id="copy-report" onClick={() => void copyReport()} disabled={!view || view.running}>
          {t('ui_copy_report')}
        </button>
        <button type="button" onClick={() => void openReportPage()}>
          {t('ui_history')}
        </button>
        <button type="button" onClick={() => void openOptionsPage()}>
          {t('ui_options')}
        </button>
        <p class="muted small" role="status" id="copy-status">
          {copyStatus}
        </p>
      </footer>
    </main>
  );
}
