import { useEffect, useMemo, useState } from 'preact/hooks';
import { ChangesList } from '../../components/ChangesList';
import { HistoryList } from '../../components/HistoryList';
import { ManagedInstall } from '../../components/ManagedInstall';
import { ProblemsPanel } from '../../components/ProblemsPanel';
import { TrendGrid } from '../../components/TrendGrid';
import { VerdictHeader } from '../../components/VerdictHeader';
import { History } from '../../utils/history/db';
import { diffRuns, type Change } from '../../utils/history/diff';
import type { RunSummary } from '../../utils/history/summary';
import { clearBadge } from '../../utils/platform/badge';
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

const history = new History();
const PAGE = 100;

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
      const [list, count] = await Promise.all([history.summaries(PAGE), history.count()]);
      setSummaries(list);
      setTotal(count);
      markPainted('readiness:history-painted', { runs: String(count) });
      // The latest run's details (the heaviest part) render once the history is on screen.
      const latest = list[0];
      if (latest)
        afterNextPaint(() =>
          select(latest.id, list).catch((error) => setStatus(t('report_error', { reason: String(error) }))),
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
    const previousId = list[index + 1]?.id;
    const previous = previousId ? await history.get(previousId) : undefined;
    setChanges(run && previous ? diffRuns(previous, run) : undefined);
  };

  const more = async () => {
    const loaded = summaries ?? [];
    const older = await history.summaries(PAGE, loaded.at(-1)?.startedAt);
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
        <section aria-labelledby="selected-title">
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
