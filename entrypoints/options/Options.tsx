import { useEffect, useState } from 'preact/hooks';
import { ManagedInstall } from '../../components/ManagedInstall';
import { ProfileProblems } from '../../components/ProfileBanner';
import { t } from '../../utils/platform/i18n';
import { readProfileInputs, saveImportedProfile } from '../../utils/platform/storage';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import { resolveProfile } from '../../utils/profile/resolve';
import { validateProfile } from '../../utils/profile/schema';
import type { ProfileProblem, ResolvedProfile } from '../../utils/profile/types';

/** Profile management: see the active one, import another (validated first), go back to built-in. */
export function Options() {
  const [active, setActive] = useState<ResolvedProfile>();
  const [text, setText] = useState('');
  const [importProblems, setImportProblems] = useState<ProfileProblem[]>([]);
  const [status, setStatus] = useState('');

  const refresh = async () => setActive(resolveProfile(await readProfileInputs()));
  useEffect(() => void refresh(), []);

  const importText = async (source: string) => {
    const result = validateProfile(source);
    if (!result.ok) {
      setImportProblems(result.issues.map((issue) => ({ ...issue, source: 'imported' })));
      setStatus(t('options_import_rejected'));
      return;
    }
    await saveImportedProfile(result.profile);
    setImportProblems([]);
    setStatus(t('options_import_done', { name: result.profile.name }));
    await refresh();
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
        {active && active.problems.length > 0 && <ProfileProblems problems={active.problems} />}
      </section>
      <section aria-labelledby="import-title">
        <h2 id="import-title">{t('options_import')}</h2>
        <p class="muted">{t('options_import_help')}</p>
        <label>
          {t('options_file')} <input id="profile-file" type="file" accept="application/json,.json" onChange={onFile} />
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
        {importProblems.length > 0 && <ProfileProblems problems={importProblems} />}
      </section>
    </main>
  );
}
