import { t } from '../utils/platform/i18n';
import { formatLabels } from '../utils/profile/managed';
import { PROFILE_URL_KEY } from '../utils/profile/remote';
import type { ProfileProblem } from '../utils/profile/types';
import type { RunRecord } from '../utils/run/types';

/** Which profile is active and where it came from; the workstation's labels; any skipped source and why. */
export function ProfileBanner({
  profile,
  problems,
  omitted = 0,
  labels,
}: {
  profile: RunRecord['profile'];
  problems: ProfileProblem[];
  omitted?: number;
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
      {(problems.length > 0 || omitted > 0) && <ProfileProblems problems={problems} omitted={omitted} />}
    </div>
  );
}

/**
 * Errors (a source was skipped) apart from warnings (unknown fields of the source in use).
 * `omitted`: problems a run left out beyond its own list (a broken policy can have 100,000).
 */
export function ProfileProblems({ problems, omitted = 0 }: { problems: ProfileProblem[]; omitted?: number }) {
  // What fetching `profileUrl` went through (cached copy and its age, server down) reads as its own lines.
  const remote = problems.filter((p) => p.path === PROFILE_URL_KEY);
  const rest = problems.filter((p) => p.path !== PROFILE_URL_KEY);
  const errors = rest.filter((p) => p.severity !== 'warning');
  const warnings = rest.filter((p) => p.severity === 'warning');
  return (
    <>
      {remote.map((p, index) => (
        <p
          key={index}
          class="small profile-url"
          data-profile-url={p.key}
          role={p.severity === 'warning' ? 'status' : 'alert'}
        >
          {t(p.key, p.params)}
        </p>
      ))}
      {(errors.length > 0 || omitted > 0) && (
        <div class="profile-problems" role="alert">
          <p>{t('ui_profile_problems', { count: errors.length + omitted })}</p>
          <ProblemList problems={errors} omitted={omitted} />
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

/** The first 20, then "… and N more". */
function ProblemList({ problems, omitted = 0 }: { problems: ProfileProblem[]; omitted?: number }) {
  const shown = problems.slice(0, 20);
  const more = problems.length + omitted - shown.length;
  return (
    <ul>
      {shown.map((p, index) => (
        <li key={index}>
          <code>{p.path || '/'}</code> ({t(`source_${p.source}`)}): {t(p.key, p.params)}
        </li>
      ))}
      {more > 0 && <li data-more-problems>{t('ui_more_problems', { count: more })}</li>}
    </ul>
  );
}
