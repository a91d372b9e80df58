import { describe, expect, it } from 'vitest';
import { manualChecks } from '../../../utils/checks/manual';
import { fakePlatform, profileWith, runCheck } from '../fakes';

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
    expect(info).toEqual(['manual-ip-camera', 'manual-qos', 'manual-mobile']);
  });

  it('give the publisher’s flow test (§7) as a checklist of its own: the seed’s four steps, the test page, a "no" blocks', async () => {
    const flow = await runCheck(byId('manual-flow-test'), fakePlatform());
    expect(flow.manual).toEqual({ unmetStatus: 'fail', audience: 'user' });
    expect(flow.fixes).toEqual([
      { key: 'step_open', params: {}, url: 'https://mire-multiplexage-tlm.maincare.com/' },
      { key: 'step_launch', params: {} },
      { key: 'step_allow', params: {} },
      { key: 'step_success', params: {} },
    ]);
  });

  it('give the video test (§7) with each of the profile’s test pages, then the MCU and see-and-hear steps', async () => {
    const video = await runCheck(byId('manual-video-test'), fakePlatform());
    expect(video.manual).toEqual({ unmetStatus: 'fail', audience: 'user' });
    expect(video.fixes?.map((f) => [f.key, f.url])).toEqual([
      ['step_open', 'https://mire-multiplexage-tlm.maincare.com/liveswitch1/'],
      ['step_open', 'https://mire-multiplexage-tlm.maincare.com/liveswitch2/'],
      ['step_number', undefined],
      ['step_see', undefined],
    ]);
    const one = await runCheck(
      byId('manual-video-test'),
      fakePlatform(),
      profileWith((p) => (p.links.videoTests = ['https://visio.example.org/test/'])),
    );
    expect(one.fixes?.filter((f) => f.url).map((f) => f.url)).toEqual(['https://visio.example.org/test/']);
  });

  it('name the profile’s support contact for IP cameras (§6), with a link to write to it', async () => {
    const camera = await runCheck(byId('manual-ip-camera'), fakePlatform());
    expect(camera).toMatchObject({
      status: 'manual',
      params: { support: "Normand'e-santé (NeS)", email: 'support@normand-esante.fr' },
      fixes: [{ key: 'step_contact', url: 'mailto:support@normand-esante.fr' }],
    });
    expect(camera.manual).toBeUndefined();
    const other = await runCheck(
      byId('manual-ip-camera'),
      fakePlatform(),
      profileWith((p) => (p.support = { name: 'GCS e-santé', email: 'hotline@example.org' })),
    );
    expect(other.fixes?.[0]?.url).toBe('mailto:hotline@example.org');
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

  it('say who can answer them: IT by default for what only IT sees, the profile’s manualAudience overriding', async () => {
    const audiences: Record<string, string | undefined> = {};
    for (const check of manualChecks) audiences[check.id] = (await runCheck(check, fakePlatform())).manual?.audience;
    expect(audiences).toMatchObject({
      'manual-os-updates': 'it',
      'manual-java': 'it',
      'manual-antivirus': 'it',
      'manual-proxy-ntlm': 'it',
      'manual-desktop-software': 'it',
      'manual-flow-test': 'user',
      'manual-video-test': 'user',
    });
    const profile = profileWith((p) => (p.manualAudience = { 'manual-java': 'user', 'manual-video-test': 'it' }));
    expect((await runCheck(byId('manual-java'), fakePlatform(), profile)).manual?.audience).toBe('user');
    expect((await runCheck(byId('manual-video-test'), fakePlatform(), profile)).manual?.audience).toBe('it');
  });
});
