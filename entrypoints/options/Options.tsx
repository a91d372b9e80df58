import { useEffect, useState } from 'preact/hooks';
import { AdminKit } from '../../components/AdminKit';
import { ManagedInstall } from '../../components/ManagedInstall';
import { ProfileProblems } from '../../components/ProfileBanner';
import { ReportingState } from '../../components/ReportingState';
import { ScheduleSection } from '../../components/ScheduleSection';
import { t } from '../../utils/platform/i18n';
import { readProfileInputs, saveImportedProfile } from '../../utils/platform/storage';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import { resolveProfile } from '../../utils/profile/resolve';
import { REPORTING_KEY } from '../../utils/reporting/config';
import { validateProfile } from '../../utils/profile/schema';
import { localTargets } from '../../utils/profile/targets';
import type { Profile, ProfileProblem, ResolvedProfile } from '../../utils/profile/types';

/** The reporting settings' problems are shown in their own section (ReportingState). */
const profileProblems = (active: ResolvedProfile) =>
  active.problems.filter((p) => p.path !== REPORTING_KEY && !p.path.startsWith(`${REPORTING_KEY}.`));

/** Profile management: see the active one, import another (validated first), go back to built-in. */
export function Options() {
  const [active, setActive] = useState<ResolvedProfile>();
  const [text, setText] = useState('');
  const [importProblems, setImportProblems] = useState<ProfileProblem[]>([]);
  const [status, setStatus] = useState('');
  /** A valid profile that points at this computer or the local network, waiting for the user's word. */
  const [pending, setPending] = useState<{ profile: Profile; targets: string[] }>();

  const refresh = async () => setActive(resolveProfile(await readProfileInputs()));
  useEffect(() => void refresh(), []);

  const save = async (profile: Profile) => {
    setPending(undefined);
    await saveImportedProfile(profile);
    setStatus(t('options_import_done', { name: profile.name }));
    await refresh();
  };

  const importText = async (source: string) => {
    const result = validateProfile(source);
    setPending(undefined);
    if (!result.ok) {
      setImportProblems(result.issues.map((issue) => ({ ...issue, source: 'imported' })));
      setStatus(t('options_import_rejected'));
      return;
    }
    setImportProblems(result.warnings.map((issue) => ({ ...issue, source: 'imported' })));
    const targets = localTargets(result.profile);
    if (targets.length > 0) {
      setPending({ profile: result.profile, targets });
      setStatus(t('options_import_local'));
      return;
    }
    await save(result.profile);
  };

  const onFile = async (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) {
      const content = await file.text();
      setText(content);
      await importText(content);
    }
  };

  const removeImported = async () => {
    await saveImportedProfile(undefined);
    setStatus(t('options_removed'));
    await refresh();
  };

  const builtinHref = `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(BUILTIN_PROFILE, null, 2))}`;

  return (
    <main class="options">
      <h1>{t('extName')}</h1>
      <ManagedInstall />
      <section aria-labelledby="active-title">
        <h2 id="active-title">{t('options_active')}</h2>
        {active && (
          <p id="active-profile" data-source={active.source} data-profile-id={active.profile.id}>
            {t('ui_profile', { name: active.profile.name, version: active.profile.version })}{' '}
            <span class="badge">{t(`source_${active.source}`)}</span>
          </p>
        )}
        {active?.source === 'managed' && <p class="muted">{t('options_managed_note')}</p>}
        {active && profileProblems(active).length > 0 && <ProfileProblems problems={profileProblems(active)} />}
      </section>
      <section aria-labelledby="import-title">
        <h2 id="import-title">{t('options_import')}</h2>
        {active?.userProfilesAllowed === false ? (
          <p class="muted" id="import-locked">
            {t('options_import_locked')}
          </p>
        ) : (
          <>
            <p class="muted">{t('options_import_help')}</p>
            <label>
              {t('options_file')}{' '}
              <input id="profile-file" type="file" accept="application/json,.json" onChange={onFile} />
            </label>
            <label for="profile-text">{t('options_paste')}</label>
            <textarea
              id="profile-text"
              rows={10}
              value={text}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
            />
            <div class="actions">
              <button id="import" type="button" class="primary" onClick={() => void importText(text)}>
                {t('options_import_button')}
              </button>
              <button id="remove" type="button" onClick={() => void removeImported()}>
                {t('options_remove')}
              </button>
              <a href={builtinHref} download="therape-6.1.0.profile.json">
                {t('options_download_builtin')}
              </a>
            </div>
            <p id="import-status" role="status">
              {status}
            </p>
            {pending && (
              <div class="profile-warnings" id="import-local">
                <ul>
                  {pending.targets.map((host) => (
                    <li key={host}>
                      <code>{host}</code>
                    </li>
                  ))}
                </ul>
                <div class="actions">
                  <button id="import-local-confirm" type="button" onClick={() => void save(pending.profile)}>
                    {t('options_import_local_confirm')}
                  </button>
                  <button
                    id="import-local-cancel"
                    type="button"
                    onClick={() => {
                      setPending(undefined);
                      setStatus(t('options_import_cancelled'));
                    }}
                  >
                    {t('options_import_local_cancel')}
                  </button>
                </div>
              </div>
            )}
            {importProblems.length > 0 && <ProfileProblems problems={importProblems} />}
          </>
        )}
      </section>
      <ReportingState />
      <ScheduleSection />
      {active && <AdminKit profile={active.profile} />}
    </main>
  );
}
