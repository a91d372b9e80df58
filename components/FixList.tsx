import type { Fix } from '../utils/engine/types';
import { t } from '../utils/platform/i18n';

/** Steps to fix a problem, each with its link when the profile gives one. */
export function FixList({ fixes }: { fixes: Fix[] }) {
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
          </li>
        ))}
      </ol>
    </div>
  );
}
