import type { Confirmation } from '../utils/engine/types';
import { t } from '../utils/platform/i18n';

interface Props {
  confirmation?: Confirmation;
  onAnswer(answer: 'yes' | 'no' | null): void;
}

/** The user's answer to a manual item; kept with the run and carried to the next one. */
export function ManualAnswer({ confirmation, onAnswer }: Props) {
  // IT's attestation is not asked and not changed here (the managed policy holds it).
  if (confirmation?.source === 'policy')
    return (
      <p class="manual-answer" data-attested>
        {t('ui_confirmed_by_it', {
          by: confirmation.by ?? '?',
          when: new Date(confirmation.at).toLocaleDateString(undefined, { timeZone: 'UTC' }),
        })}
      </p>
    );
  return (
    <div class="manual-answer" role="group" aria-label={t('ui_manual_question')}>
      <span>{t('ui_manual_question')}</span>
      <button type="button" aria-pressed={confirmation?.answer === 'yes'} onClick={() => onAnswer('yes')}>
        {t('ui_answer_yes')}
      </button>
      <button type="button" aria-pressed={confirmation?.answer === 'no'} onClick={() => onAnswer('no')}>
        {t('ui_answer_no')}
      </button>
      {confirmation && (
        <button type="button" class="link" onClick={() => onAnswer(null)}>
          {t('ui_answer_clear')}
        </button>
      )}
      {confirmation && (
        <span class="muted">{t('ui_answered_at', { when: new Date(confirmation.at).toLocaleString() })}</span>
      )}
    </div>
  );
}
