import type { Evidence } from '../utils/engine/types';
import { t } from '../utils/platform/i18n';

const show = (value: Evidence[string]) => (Array.isArray(value) ? value.join(', ') : String(value));

/** The raw facts a check saw, as a two-column table. */
export function EvidenceTable({ evidence }: { evidence: Evidence }) {
  const entries = Object.entries(evidence);
  if (entries.length === 0) return <p class="muted">{t('ui_no_evidence')}</p>;
  return (
    <table class="evidence">
      <caption>{t('ui_evidence')}</caption>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{show(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
