import { t } from '../utils/platform/i18n';
import { formatLabels } from '../utils/profile/managed';
import type { ProfileProblem } from '../utils/profile/types';
import type { RunRecord } from '../utils/run/types';

/** Which profile is active and where it came from; any skipped source and why. */
export function ProfileBanner({
  profile,
  problems,
  labels,
}: {
  profile: RunRecord['profile'];
  problems: ProfileProblem[];
  labels?: RunRecord['labels'];
}) {
  return (
    <div class="profile" data-source={profile.source}>
      <span>{t('ui_profile', { name: profile.name, version: profile.version })}</span>{' '}
      <span class="badge">{t(`source_${profile.source}`)}</span>
      {labels && (
        <p class="small labels" data-labels>
          {t('ui_labels', { labels: formatLabels(labels) })}
        </p>
      )}
      {problems.length > 0 && <ProfileProblems problems={problems} />}
    </div>
  );
}

/** Errors (a source was skipped) apart from warnings (unknown fields of the source in use). */
export function ProfileProblems({ problems }: { problems: ProfileProblem[] }) {
  const errors = problems.filter((p) => p.severity !== 'warning');
  const warnings = problems.filter((p) => p.severity === 'warning');
  return (
    <>
      {errors.length > 0 && (
        <div class="profile-problems" role="alert">
          <p>{t('ui_profile_problems', { count: errors.length })}</p>
          <ProblemList problems={errors} />
        </div>
      )}
      {warnings.length > 0 && (
        <div class="profile-warnings" role="status">
          <p>{t('ui_profile_warnings')}</p>
          <ProblemList problems={warnings} />
        </div>
      )}
    </>
  );
}

function ProblemList({ problems }: { problems: ProfileProblem[] }) {
  return (
    <ul>
      {problems.slice(0, 20).map((p, index) => (
        <li key={index}>
          <code>{p.path || '/'}</code> ({t(`source_${p.source}`)}): {t(p.key, p.params)}
        </li>
      ))}
    </ul>
  );
}
