import { t } from '../utils/platform/i18n';
import type { ProfileProblem } from '../utils/profile/types';
import type { RunRecord } from '../utils/run/types';

/** Which profile is active and where it came from; any skipped source and why. */
export function ProfileBanner({
  profile,
  problems,
  omitted = 0,
}: {
  profile: RunRecord['profile'];
  problems: ProfileProblem[];
  omitted?: number;
}) {
  return (
    <div class="profile" data-source={profile.source}>
      <span>{t('ui_profile', { name: profile.name, version: profile.version })}</span>{' '}
      <span class="badge">{t(`source_${profile.source}`)}</span>
      {problems.length > 0 && <ProfileProblems problems={problems} omitted={omitted} />}
    </div>
  );
}

/** The first 20 problems, then "… and N more" (`omitted`: those a run left out beyond its own list). */
export function ProfileProblems({ problems, omitted = 0 }: { problems: ProfileProblem[]; omitted?: number }) {
  const shown = problems.slice(0, 20);
  const more = problems.length + omitted - shown.length;
  return (
    <div class="profile-problems" role="alert">
      <p>{t('ui_profile_problems', { count: problems.length + omitted })}</p>
      <ul>
        {shown.map((p, index) => (
          <li key={index}>
            <code>{p.path || '/'}</code> ({t(`source_${p.source}`)}): {t(p.key, p.params)}
          </li>
        ))}
        {more > 0 && <li data-more-problems>{t('ui_more_problems', { count: more })}</li>}
      </ul>
    </div>
  );
}
