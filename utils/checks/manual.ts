import type { Audience, Category, Check, CheckContext, Evidence, Outcome, Params } from '../engine/types';
import type { SystemFacts } from '../platform/types';
import type { Profile } from '../profile/types';

/**
 * Requirements no browser API can see. Each is a manual check: a question, exact steps,
 * links, and the answer the user gives is kept with the run. They are data rather than one
 * file each because they share one behaviour; issues that automate one remove it here.
 */
interface ManualItem {
  id: string;
  covers: string[];
  category: Category;
  /** How serious a "no" is; `undefined` for information the user only reads. */
  unmet?: 'fail' | 'warn';
  /** Who can answer it by default (the profile's `manualAudience` overrides): the popup folds IT's items. */
  audience: Audience;
  steps: string[];
  params?: (profile: Profile) => Params;
  /** Link of each step, by position; a step with several links is listed once per link. */
  links?: (profile: Profile) => (string | string[] | undefined)[];
  /** Hints the browser can give (never a verdict). */
  hint?: (ctx: CheckContext<SystemFacts>) => Promise<Evidence>;
}

const GIB = 1024 ** 3;

const ITEMS: ManualItem[] = [
  {
    id: 'os-updates',
    audience: 'it',
    covers: ['WEB-OS-UPDATES'],
    category: 'system',
    unmet: 'fail',
    steps: ['step_update'],
  },
  {
    id: 'disk-space',
    audience: 'it',
    covers: ['WEB-DISK', 'DSK-DISK'],
    category: 'system',
    unmet: 'fail',
    steps: ['step_explorer'],
    params: (p) => ({ web: p.hardware.web.minFreeDiskGiB, desktop: p.hardware.desktop.minFreeDiskGiB }),
    // The quota a browser grants derives from disk size, not free space: a hint only.
    hint: async ({ platform }): Promise<Evidence> => {
      const quota = (await platform.storageEstimate())?.quota;
      return quota === undefined ? {} : { browserQuotaGiB: Math.round((quota / GIB) * 10) / 10 };
    },
  },
  {
    id: 'java',
    audience: 'it',
    covers: ['WEB-JAVA'],
    category: 'software',
    unmet: 'fail',
    steps: ['step_version'],
    params: (p) => ({ min: p.software.javaMin }),
  },
  {
    id: 'desktop-software',
    audience: 'it',
    covers: ['DSK-SW'],
    category: 'software',
    unmet: 'warn',
    steps: ['step_directx', 'step_java', 'step_adobe', 'step_vlc'],
    params: (p) => ({ directx: p.software.directXMin, java: p.software.javaMin, adobe: p.software.adobeReaderMin }),
    links: (p) => [undefined, undefined, p.links.adobeReader, p.links.vlcMac],
  },
  {
    id: 'antivirus',
    audience: 'it',
    covers: ['WEB-AV', 'AV-EXCL', 'AV-HTTPS', 'AV-MEDIA', 'AV-DICOM', 'AV-JAVA'],
    category: 'security',
    unmet: 'fail',
    steps: ['step_realtime', 'step_protocols', 'step_java'],
  },
  // The cache check tests the cache itself; clearing it on close (recommended) is invisible.
  {
    id: 'cache-on-close',
    audience: 'it',
    covers: ['WEB-CACHE'],
    category: 'browser',
    unmet: 'warn',
    steps: ['step_settings'],
  },
  // The proxy check sees the browser's proxy; whether the system proxy authenticates with NTLM it cannot.
  { id: 'proxy-ntlm', audience: 'it', covers: ['DSK-PROXY'], category: 'network', unmet: 'fail', steps: ['step_ntlm'] },
  // §7: the publisher's own flow test and video test, answered like any manual item. The
  // media-ports check cannot prove 49152–65535/UDP; these tests can, so a "no" blocks.
  {
    id: 'flow-test',
    audience: 'user',
    covers: ['NET-MEDIA', 'NET-STUN', 'NET-TURN-UDP', 'NET-TURN-TCP'],
    category: 'network',
    unmet: 'fail',
    steps: ['step_open', 'step_launch', 'step_allow', 'step_success'],
    links: (p) => [p.links.flowTest],
  },
  {
    id: 'video-test',
    audience: 'user',
    covers: ['NET-MEDIA'],
    category: 'network',
    unmet: 'fail',
    steps: ['step_open', 'step_number', 'step_see'],
    links: (p) => [p.links.videoTests],
  },
  // §6: IP cameras are set up by the support; the contact comes from the profile.
  {
    id: 'ip-camera',
    audience: 'it',
    covers: ['DSK-CAM'],
    category: 'information',
    steps: ['step_contact'],
    params: (p) => ({ support: p.support.name, email: p.support.email }),
    links: (p) => [`mailto:${p.support.email}`],
  },
  { id: 'qos', audience: 'it', covers: ['NET-QOS'], category: 'information', steps: [] },
  {
    id: 'mobile',
    audience: 'user',
    covers: ['MOB-OS'],
    category: 'information',
    steps: [],
    params: (p) => ({ ios: p.mobile.iosMin, android: p.mobile.androidMin }),
  },
];

function manualCheck(item: ManualItem): Check<string, SystemFacts> {
  const id = `manual-${item.id}`;
  return {
    id,
    covers: item.covers,
    category: item.category,
    messages: ['question', ...item.steps],
    async run(ctx): Promise<Outcome> {
      const params = item.params?.(ctx.profile) ?? {};
      const links = item.links?.(ctx.profile) ?? [];
      const fixes = item.steps.flatMap((key, index) => {
        const urls = links[index];
        if (urls === undefined) return [{ key, params }];
        return (Array.isArray(urls) ? urls : [urls]).map((url) => ({ key, params, url }));
      });
      return {
        status: 'manual',
        message: 'question',
        params,
        evidence: (await item.hint?.(ctx)) ?? {},
        fixes,
        ...(item.unmet && {
          manual: { unmetStatus: item.unmet, audience: ctx.profile.manualAudience?.[id] ?? item.audience },
        }),
      };
    },
  };
}

export const manualChecks: Check[] = ITEMS.map(manualCheck);
