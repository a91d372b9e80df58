import { useEffect, useState } from 'preact/hooks';
import { t } from '../utils/platform/i18n';
import { installedByPolicy } from '../utils/platform/messaging';

/** One line, shown only when an enterprise policy installed the extension: "installed by your organisation". */
export function ManagedInstall() {
  const [managed, setManaged] = useState(false);
  useEffect(() => void installedByPolicy().then(setManaged), []);
  return managed ? (
    <p class="managed-install small" data-managed-install>
      {t('ui_managed_install_line')}
    </p>
  ) : null;
}
