import type { Status } from '../utils/engine/types';
import { t } from '../utils/platform/i18n';
import { STATUS_GLYPHS } from '../utils/report/verdict';

/** A coloured glyph with its status name for screen readers (colour is never the only cue). */
export function StatusIcon({ status }: { status: Status | 'pending' | 'running' }) {
  return (
    <span
      class={`status-icon status-${status}`}
      role="img"
      aria-label={t(`status_${status}`)}
      title={t(`status_${status}`)}
    >
      {STATUS_GLYPHS[status]}
    </span>
  );
}
