import { useEffect, useState } from 'preact/hooks';
import { reportingConsentMissing } from '../utils/platform/data-consent';
import { t } from '../utils/platform/i18n';
import { openOptionsPage } from '../utils/platform/messaging';

/**
 * Popup: one line when the organisation set reporting and Firefox (140+) waits for this user's
 * data consent: nothing is sent until then, and the options page is where it is given.
 */
export function ReportingConsentNotice() {
  const [missing, setMissing] = useState(false);
  useEffect(() => void reportingConsentMissing().then(setMissing, () => undefined), []);
  return missing ? (
    <p class="profile-problems small" id="reporting-consent-needed">
      {t('ui_reporting_consent_needed')}{' '}
      <button type="button" class="link" onClick={() => void openOptionsPage()}>
        {t('ui_reporting_consent_open')}
      </button>
    </p>
  ) : null;
}
