import { useEffect, useMemo, useState } from 'preact/hooks';
import { ChangesList } from '../../components/ChangesList';
import { HistoryList } from '../../components/HistoryList';
import { ManagedInstall } from '../../components/ManagedInstall';
import { ProblemsPanel } from '../../components/ProblemsPanel';
import { TrendGrid } from '../../components/TrendGrid';
import { VerdictHeader } from '../../components/VerdictHeader';
import { diffRuns, type Change } from '../../utils/history/diff';
import type { RunSummary } from '../../utils/history/summary';
import { clearBadge } from '../../utils/platform/badge';
import { historyStore } from '../../utils/platform/history';
import { copyText, downloadFile, utcOffsetMinutes } from '../../utils/platform/clipboard';
import { t } from '../../utils/platform/i18n';
import { openDevicesPage } from '../../utils/platform/messaging';
import { clearLastRun } from '../../utils/platform/storage';
import { afterNextPaint, markPainted } from '../../utils/platform/timing';
import { exportRunJson } from '../../utils/report/json';
import { formatMarkdownReport } from '../../utils/report/markdown';
import { formatTextReport } from '../../utils/report/text';
import { clearHistory } from '../../utils/run/persist';
import type { RunRecord } from '../../utils/run/types';

const history = historyStore();
const PAGE = 100;
// Read as this module loads, not after the first render: the database opens meanwhile.
const recentRead = history.recent().catch(() => undefined);

/** The full-page report: history newest first, trend, changes, ticket report, export. */
export function Report() {
  const [summaries, setSummaries] = useState<RunSummary[]>();
  const [total, setTotal] = useState(0);
  const [selected, setSelected] = useState<RunRecord>();
  const [changes, setChanges] = useState<Change[]>();
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState(false);

  const load = async () => {
    try {
      // The first screen from the small `recent` index: one read, whatever the number of runs.
      const recent = await recentRead;
      if (recent) {
        setSummaries(recent.newest);
        setTotal(recent.total);
        markPainted('readiness:history-painted', { runs: String(recent.total), from: 'index' });
      }
      // Then, once that is on screen, the whole first page and the count from the summaries
      // themselves (they win if they differ), and the latest run's details (the heaviest part).
      if (recent) await new Promise<void>((resolve) => afterNextPaint(resolve));
      const [list, count] = await Promise.all([history.summaries(PAGE), history.count()]);
      setSummaries((shown) => (recent && shown && shown.length > list.length ? shown : list));
      setTotal(count);
      if (!recent) markPainted('readiness:history-painted', { runs: String(count), from: 'summaries' });
      // The run asked for (a notification's click: ?run=<id>), else the latest; its details (the
      // heaviest part) render once the history is on screen.
      const asked = new URLSearchParams(location.search).get('run') ?? list[0]?.id;
      if (asked)
        afterNextPaint(() =>
          select(asked, list).catch((error) => setStatus(t('report_error', { reason: String(error) }))),
        );
    } catch (error) {
      setStatus(t('report_error', { reason: String(error) }));
      setSummaries([]);
    }
  };
  useEffect(() => void load(), []);

  const select = async (id: string, list = summaries ?? []) => {
    const run = await history.get(id);
    setSelected(run);
    const index = list.findIndex((s) => s.id === id);
    // A run beyond the loaded page (an old notification): the run stored just before it.
    const previousId = index >= 0 ? list[index + 1]?.id : run && (await history.summaries(1, run))[0]?.id;
    const previous = previousId ? await history.get(previousId) : undefined;
    setChanges(run && previous ? diffRuns(previous, run) : undefined);
  };

  const more = async () => {
    const loaded = summaries ?? [];
    const older = await history.summaries(PAGE, loaded.at(-1));
    setSummaries([...loaded, ...older]);
  };

  const act = async (label: string, action: () => Promise<void> | void) => {
    try {
      await action();
      setStatus(label);
    } catch (error) {
      setStatus(t('ui_copy_failed', { reason: String(error) }));
    }
  };

  const file = useMemo(
    () => selected && `therape-readiness-${new Date(selected.startedAt).toISOString().replace(/[:.]/g, '-')}.json`,
    [selected],
  );

  return (
    <main class="report">
      <h1>{t('report_page_title')}</h1>
      <ManagedInstall />
      <p>
        <button type="button" id="open-devices" onClick={() => void openDevicesPage()}>
          {t('ui_open_devices')}
        </button>
      </p>
      {summaries === undefined && <p class="muted">{t('report_loading')}</p>}
      {summaries?.length === 0 && (
        <p class="muted" id="history-empty">
          {t('report_empty')}
        </p>
      )}
      {selected && (
        <section aria-labelledby="selected-title" id="selected-run" data-run={selected.id}>
          <h2 id="selected-title">{t('report_selected')}</h2>
          <div class="actions">
            <button
              type="button"
              id="copy-text"
              class="primary"
              onClick={() =>
                void act(t('ui_copied'), () => copyText(formatTextReport(selected, t, utcOffsetMinutes())))
              }
            >
              {t('ui_copy_report')}
            </button>
            <button
              type="button"
              id="copy-markdown"
              onClick={() =>
                void act(t('ui_copied'), () => copyText(formatMarkdownReport(selected, t, utcOffsetMinutes())))
              }
            >
              {t('report_copy_markdown')}
            </button>
            <button
              type="button"
              id="download-json"
              onClick={() =>
                void act(t('report_downloaded'), () =>
                  downloadFile(file!, exportRunJson(selected, Date.now()), 'application/json'),
                )
              }
            >
              {t('report_download_json')}
            </button>
          </div>
          <p role="status" id="report-status" class="muted">
            {status}
          </p>
          <VerdictHeader run={selected} running={false} stale={false} />
          {selected.trigger === 'scheduled' && (
            <p class="muted small" id="scheduled-run">
              {t('report_scheduled_run')}
            </p>
          )}
          <h3>{t('report_changes')}</h3>
          <ChangesList changes={changes} />
          <ProblemsPanel diagnostics={selected.diagnostics} />
        </section>
      )}
      {summaries && summaries.length > 0 && (
        <>
          <section aria-labelledby="trend-title">
            <h2 id="trend-title">{t('report_trend_title')}</h2>
            <TrendGrid summaries={summaries} />
          </section>
          <section aria-labelledby="history-title">
            <h2 id="history-title">{t('report_history', { count: total })}</h2>
            <HistoryList
              summaries={summaries}
              total={total}
              selected={selected?.id}
              onSelect={(id) => void select(id)}
              onMore={() => void more()}
            />
            <div class="actions">
              {confirming ? (
                <>
                  <span>{t('report_clear_confirm', { count: total })}</span>
                  <button
                    type="button"
                    id="clear-confirm"
                    class="danger"
                    onClick={() =>
                      void act(t('report_cleared'), async () => {
                        await clearHistory(history, clearLastRun);
                        await clearBadge();
                        setConfirming(false);
                        setSelected(undefined);
                        setSummaries([]);
                        setTotal(0);
                      })
                    }
                  >
                    {t('report_clear_yes')}
                  </button>
                  <button type="button" onClick={() => setConfirming(false)}>
                    {t('report_clear_cancel')}
                  </button>
                </>
              ) : (
                <button type="button" id="clear" onClick={() => setConfirming(true)}>
                  {t('report_clear')}
                </button>
              )}
            </div>
          </section>
        </>
      )}
    </main>
  );
}
