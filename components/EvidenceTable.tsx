import type { Evidence } from '../utils/engine/types';
import { describeEvidence } from '../utils/i18n/evidence';
import { t } from '../utils/platform/i18n';

/** The facts a check saw, as a two-column table, in the reader's language (utils/i18n/evidence.ts). */
export function EvidenceTable({ evidence }: { evidence: Evidence }) {
  const rows = describeEvidence(evidence, t);
  if (rows.length === 0) return <p class="muted">{t('ui_no_evidence')}</p>;
  return (
    <table class="evidence">
      <caption>{t('ui_evidence')}</caption>
      <tbody>
        {rows.map(({ key, label, value }) => (
          <tr key={key} data-key={key}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
