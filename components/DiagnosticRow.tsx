import { useState } from 'preact/hooks';
import { effectiveStatus, isBlockingToConfirm } from '../utils/engine/rollup';
import type { Diagnostic } from '../utils/engine/types';
import { t } from '../utils/platform/i18n';
import { EvidenceTable } from './EvidenceTable';
import { FixList, QuickFixNote } from './FixList';
import { ManualAnswer } from './ManualAnswer';
import { StatusIcon } from './StatusIcon';

/** What the user may do on a row; absent where the page only shows results (report, a run in progress). */
export interface RowActions {
  onAnswer?(checkId: string, answer: 'yes' | 'no' | null): void;
  onQuickFix?(checkId: string): void;
  /** The check whose Quick Fix is being applied. */
  fixing?: string;
}

interface Props extends RowActions {
  diagnostic: Diagnostic;
}

/** One Problems-panel row: status, message, requirement codes; opens to evidence and fixes. */
export function DiagnosticRow({ diagnostic, onAnswer, onQuickFix, fixing }: Props) {
  const status = effectiveStatus(diagnostic);
  const blocking = isBlockingToConfirm(diagnostic);
  // The body is built only once opened: the first paint stays light.
  const [open, setOpen] = useState(false);
  return (
    <li class={`row row-${status}`} data-check={diagnostic.checkId} data-status={status} data-blocking={blocking}>
      <details onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <StatusIcon status={status} />
          <span class="message">{t(diagnostic.message.key, diagnostic.message.params)}</span>
          <span class="codes">
            {blocking && <span class="blocking">{t('status_manual_blocking')}</span>}
            {diagnostic.covers.map((code) => (
              <code key={code}>{code}</code>
            ))}
          </span>
        </summary>
        {open && (
          <div class="row-body">
            {diagnostic.manual && onAnswer && (
              <ManualAnswer
                confirmation={diagnostic.manual.confirmation}
                onAnswer={(answer) => onAnswer(diagnostic.checkId, answer)}
              />
            )}
            {diagnostic.quickFix && <QuickFixNote result={diagnostic.quickFix} />}
            <FixList
              fixes={diagnostic.fixes}
              fixing={fixing === diagnostic.checkId}
              onQuickFix={onQuickFix && !fixing ? () => onQuickFix(diagnostic.checkId) : undefined}
            />
            <EvidenceTable evidence={diagnostic.evidence} />
            <p class="muted small">
              {t('ui_check_id', { id: diagnostic.checkId, ms: Math.round(diagnostic.durationMs) })}
            </p>
          </div>
        )}
      </details>
    </li>
  );
}
