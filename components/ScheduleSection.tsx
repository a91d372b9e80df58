import { useEffect, useState } from 'preact/hooks';
import { t } from '../utils/platform/i18n';
import { loadScheduleState, nextScheduledAt, readSchedule, saveUserSchedule } from '../utils/platform/schedule';
import type { Schedule } from '../utils/schedule/plan';
import type { ScheduleState } from '../utils/schedule/scheduler';

const when = (ms: number) => new Date(ms).toLocaleString();

/** What IT set for background checks, or the user's daily check when no policy decides; what happened last. */
export function ScheduleSection() {
  const [schedule, setSchedule] = useState<Schedule>();
  const [state, setState] = useState<ScheduleState>();
  const [next, setNext] = useState<number>();

  const refresh = async () => {
    setSchedule(await readSchedule());
    setState(await loadScheduleState());
    // The background re-plans its alarms on the change; read them a moment later.
    setTimeout(() => void nextScheduledAt().then(setNext), 300);
  };
  useEffect(() => void refresh(), []);
  if (!schedule) return null;

  const plan = [
    schedule.everyMinutes && t('options_schedule_every', { minutes: schedule.everyMinutes }),
    schedule.onStartup && t('options_schedule_startup'),
  ].filter(Boolean);
  const alert = state?.alerts.at(-1);
  return (
    <section aria-labelledby="schedule-title" id="schedule" data-source={schedule.source}>
      <h2 id="schedule-title">{t('options_schedule')}</h2>
      {schedule.source === 'policy' ? (
        <p id="schedule-policy">
          {schedule.invalid
            ? t('options_schedule_invalid')
            : plan.length
              ? t('options_schedule_policy', { plan: plan.join(', ') })
              : t('options_schedule_policy_off')}
        </p>
      ) : (
        <label>
          <input
            id="schedule-daily"
            type="checkbox"
            checked={schedule.source === 'user'}
            onChange={(e) => void saveUserSchedule({ daily: (e.target as HTMLInputElement).checked }).then(refresh)}
          />{' '}
          {t('options_schedule_daily')}
        </label>
      )}
      {next !== undefined && (
        <p class="muted small" id="schedule-next">
          {t('options_schedule_next', { when: when(next) })}
        </p>
      )}
      {state?.lastRun && (
        <p class="muted small" id="schedule-last">
          {t('options_schedule_last', { when: when(state.lastRun.at) })}
        </p>
      )}
      {alert && (
        <p class="small" id="schedule-alert">
          {t('options_schedule_alert', { when: when(alert.at), line: alert.line })}
        </p>
      )}
    </section>
  );
}
