import type { Status } from '../utils/engine/types';
import { t } from '../utils/platform/i18n';

const GLYPHS: Record<Status | 'pending' | 'running', string> = {
  pass: '✓',
  warn: '!',
  fail: '✕',
  manual: '?',
  // A verdict only: nothing measured blocks, blocking questions are open.
  pending: '?',
  error: '⚠',
  running: '…',
};

/** A coloured glyph with its status name for screen readers (colour is never the only cue). */
export function StatusIcon({ status }: { status: Status | 'pending' | 'running' }) {
  return (
    <span
      class={`status-icon status-${status}`}
      role="img"
      aria-label={t(`status_${status}`)}
      title={t(`status_${status}`)}
    >
      {GLYPHS[status]}
    </span>
  );
}
