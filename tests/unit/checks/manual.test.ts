import { describe, expect, it } from 'vitest';
import { manualChecks } from '../../../utils/checks/manual';
import { fakePlatform, runCheck } from '../fakes';

const byId = (id: string) => manualChecks.find((c) => c.id === id)!;

describe('manual checks', () => {
  it('are all manual, never pass, and ask a question', async () => {
    for (const check of manualChecks) {
      const outcome = await runCheck(check, fakePlatform());
      expect(outcome.status, check.id).toBe('manual');
      expect(outcome.message).toBe('question');
    }
  });

  it('ask for a confirmation except for information items', async () => {
    const info = [];
    for (const check of manualChecks) if (!(await runCheck(check, fakePlatform())).manual) info.push(check.id);
    expect(info).toEqual(['manual-qos', 'manual-mobile']);
  });

  it('take thresholds and links from the profile', async () => {
    const disk = await runCheck(byId('manual-disk-space'), fakePlatform());
    expect(disk.params).toEqual({ web: 1, desktop: 5 });
    const software = await runCheck(byId('manual-desktop-software'), fakePlatform());
    expect(software.fixes?.map((f) => f.url)).toEqual([
      undefined,
      undefined,
      'https://get.adobe.com/fr/reader',
      'https://www.videolan.org/vlc/download-macosx.html',
    ]);
  });

  it('give the storage quota only as a hint for free disk space', async () => {
    const outcome = await runCheck(
      byId('manual-disk-space'),
      fakePlatform({ storageEstimate: async () => ({ quota: 10 * 1024 ** 3 }) }),
    );
    expect(outcome).toMatchObject({
      status: 'manual',
      evidence: { browserQuotaGiB: 10 },
      params: { web: 1, desktop: 5 },
    });
  });
});
