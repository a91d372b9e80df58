import { useMemo } from 'preact/hooks';
import { adminKit } from '../utils/admin/kit';
import { t } from '../utils/platform/i18n';
import type { Profile } from '../utils/profile/types';

/** A kit file as a download: UTF-16LE bytes for .reg files (the BOM is in the text), UTF-8 otherwise. */
function blobOf(content: string, encoding: 'utf8' | 'utf16le'): Blob {
  if (encoding === 'utf8') return new Blob([content], { type: 'text/plain;charset=utf-8' });
  const units = new Uint16Array(content.length);
  for (let i = 0; i < content.length; i++) units[i] = content.charCodeAt(i);
  return new Blob([new Uint8Array(units.buffer)], { type: 'application/octet-stream' });
}

/**
 * The files `npm run admin` writes, for the active profile: force-install entries with the
 * store's update URL (edit them for a self-hosted build) and the profile as managed setting.
 */
export function AdminKit({ profile }: { profile: Profile }) {
  const files = useMemo(
    () =>
      adminKit({ settings: { profile: JSON.stringify(profile) } }).map((file) => ({
        name: file.name,
        href: URL.createObjectURL(blobOf(file.content, file.encoding)),
      })),
    [profile],
  );
  return (
    <section aria-labelledby="admin-title" id="admin-kit">
      <h2 id="admin-title">{t('options_admin')}</h2>
      <p class="muted">{t('options_admin_help')}</p>
      <ul>
        {files.map((file) => (
          <li key={file.name}>
            <a href={file.href} download={file.name}>
              {file.name}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
