import { QUICK_FIX_KIND, type QuickFixResult } from '../utils/engine/quickfix';
import type { Fix } from '../utils/engine/types';
import { t } from '../utils/platform/i18n';
import { openDevicesPage } from '../utils/platform/messaging';
import { quickFixNoteKey } from '../utils/report/model';

interface Props {
  fixes: Fix[];
  /** Runs the row's Quick Fix; absent where none may run (report page, a run or a fix in progress). */
  onQuickFix?(): void;
  /** This row's Quick Fix is being applied. */
  fixing?: boolean;
}

/** Steps to fix a problem, each with its link when the profile gives one, and the Quick Fix button. */
export function FixList({ fixes, onQuickFix, fixing }: Props) {
  if (fixes.length === 0) return null;
  return (
    <div class="fixes">
      <h4>{t('ui_how_to_fix')}</h4>
      <ol>
        {fixes.map((fix, index) => (
          <li key={index}>
            {t(fix.key, fix.params)}
            {fix.url && (
              <>
                {' '}
                <a href={fix.url} target="_blank" rel="noreferrer">
                  {fix.url}
                </a>
              </>
            )}
            {fix.page && (
              <>
                {' '}
                <button type="button" class="primary" data-open-page={fix.page} onClick={() => void openDevicesPage()}>
                  {t('ui_open_devices')}
                </button>
              </>
            )}
            {fix.action && (onQuickFix || fixing) && (
              <>
                {' '}
                <button
                  type="button"
                  class="primary quick-fix"
                  data-quick-fix={fix.action.id}
                  disabled={!onQuickFix}
                  onClick={onQuickFix}
                >
                  {t(
                    fixing
                      ? 'ui_quick_fix_applying'
                      : QUICK_FIX_KIND[fix.action.id] === 'test'
                        ? 'ui_action_test'
                        : 'ui_quick_fix',
                  )}
                </button>
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** What the last Quick Fix on this row did, read back by the re-run check. */
export function QuickFixNote({ result }: { result: QuickFixResult }) {
  const key = quickFixNoteKey(result);
  return (
    <p class={`quick-fix-note ${result.ok ? 'ok' : 'problem'}`} role="status" data-quick-fix-result={result.ok}>
      {t(key, { reason: result.error ?? '', time: new Date(result.at).toLocaleTimeString() })}
    </p>
  );
}
