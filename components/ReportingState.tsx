import { useEffect, useState } from 'preact/hooks';
import { t } from '../utils/platform/i18n';
import { BACKOFF } from '../utils/platform/outbox';
import { readReportingStatus, requestConsent, type ReportingStatus } from '../utils/platform/reporting';
import { formatTimestamp } from '../utils/report/model';
import { redactText } from '../utils/report/redact';
import { ProfileProblems } from './ProfileBanner';

const when = (ms: number) => formatTimestamp(ms, -new Date(ms).getTimezoneOffset());

/**
 * Options page: the reporting state (managed `reporting`): endpoint, content, header names
 * (never their values), last success, runs queued, dropped and set aside (with the collector's
 * reason), next attempt, last error, and why sending stopped (and when it is tried again); in
 * Firefox 140+, whether the user granted the data consent, with the button that asks for it
 * (nothing is sent before). Read again every 2 s while the page is open.
 */
export function ReportingState() {
  const [status, setStatus] = useState<ReportingStatus>();
  const [refused, setRefused] = useState(false);
  const [askFailed, setAskFailed] = useState<string>();
  const read = () => void readReportingStatus().then(setStatus, () => undefined);
  useEffect(() => {
    read();
    const timer = setInterval(read, 2000);
    return () => clearInterval(timer);
  }, []);
  if (!status) return null;
  const { config, consent, problems, state, queued, setAside } = status;
  const setAsideCount = setAside.reduce((sum, g) => sum + g.count, 0);
  // Straight from the click, nothing awaited before: Firefox grants only to a user's gesture.
  const ask = (categories: Parameters<typeof requestConsent>[0]) =>
    void requestConsent(categories).then(
      (granted) => {
        setRefused(!granted);
        setAskFailed(undefined);
        read();
      },
      // Firefox could not ask (not a user's gesture, an API error): not the user's refusal.
      (error: unknown) => {
        setRefused(false);
        setAskFailed(redactText(error instanceof Error ? error.message : String(error)));
      },
    );
  const rows: [string, string, string][] = config
    ? [
        ['endpoint', t('options_reporting_endpoint'), config.endpoint],
        ['include', t('options_reporting_include'), t(`options_reporting_include_${config.include}`)],
        [
          'headers',
          t('options_reporting_headers'),
          config.headerNames.length
            ? t('options_reporting_headers_value', { names: config.headerNames.join(', ') })
            : t('options_reporting_none'),
        ],
        [
          'last-success',
          t('options_reporting_last_success'),
          state.lastSuccessAt ? when(state.lastSuccessAt) : t('options_reporting_never'),
        ],
        ...(consent && consent.state !== 'not-needed'
          ? [
              [
                'consent',
                t('options_reporting_consent'),
                t(
                  consent.state === 'granted'
                    ? 'options_reporting_consent_granted'
                    : 'options_reporting_consent_missing',
                ),
              ] as [string, string, string],
            ]
          : []),
        ['queued', t('options_reporting_queued'), String(queued)],
        ...(state.droppedForLogs > 0
          ? [['dropped', t('options_reporting_dropped'), String(state.droppedForLogs)] as [string, string, string]]
          : []),
        ...(setAsideCount > 0
          ? [
              [
                'set-aside',
                t('options_reporting_set_aside'),
                setAside.map((g) => `${g.count} × ${redactText(g.reason)}`).join('; '),
              ] as [string, string, string],
            ]
          : []),
        ...(queued > 0 && !state.stopped && state.nextAttemptAt > Date.now()
          ? [['next', t('options_reporting_next'), when(state.nextAttemptAt)] as [string, string, string]]
          : []),
        ...(state.lastError
          ? [
              [
                'last-error',
                t('options_reporting_last_error'),
                `${when(state.lastError.at)}: ${redactText(state.lastError.reason)}`,
              ] as [string, string, string],
            ]
          : []),
      ]
    : [];
  return (
    <section
      aria-labelledby="reporting-title"
      id="reporting"
      data-configured={config ? 'true' : 'false'}
      data-consent={consent?.state}
    >
      <h2 id="reporting-title">{t('options_reporting')}</h2>
      {!config && problems.length === 0 && <p class="muted">{t('options_reporting_off')}</p>}
      {problems.length > 0 && (
        <>
          <p id="reporting-invalid">{t('options_reporting_invalid')}</p>
          <ProfileProblems problems={problems} />
        </>
      )}
      {config && (
        <dl class="reporting-state">
          {rows.map(([key, label, value]) => (
            <div key={key} data-row={key}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {config && setAsideCount > 0 && (
        <p class="muted" id="reporting-set-aside" data-count={setAsideCount}>
          {t('options_reporting_set_aside_hint')}
        </p>
      )}
      {config && consent?.state === 'missing' && (
        <div id="reporting-consent" data-categories={consent.categories.join(' ')}>
          <p class="profile-problems">
            {t(
              consent.categories.includes('browsingActivity')
                ? 'options_reporting_consent_why_full'
                : 'options_reporting_consent_why',
            )}
          </p>
          <button type="button" id="reporting-consent-button" onClick={() => ask(consent.categories)}>
            {t('options_reporting_consent_ask')}
          </button>
          {refused && <p class="muted">{t('options_reporting_consent_refused')}</p>}
          {askFailed !== undefined && (
            <p class="profile-problems" id="reporting-consent-failed">
              {t('options_reporting_consent_failed', { reason: askFailed })}
            </p>
          )}
        </div>
      )}
      {config && state.stopped && (
        <p class="profile-problems" id="reporting-stopped" data-status={state.stopped.status}>
          {t('options_reporting_stopped', {
            status: state.stopped.status,
            time: when(state.stopped.retryAt ?? state.stopped.at + BACKOFF.stoppedMs),
          })}{' '}
          {t('options_reporting_status_hint', { status: state.stopped.status })}
        </p>
      )}
    </section>
  );
}
