import { defineCheck } from '../engine/check';
import type { CheckContext, Evidence } from '../engine/types';
import type { SystemFacts } from '../platform/types';

/**
 * WEB-PDF. The publisher recommends Adobe Reader ≥ 10.1.3.23, which no browser API can
 * see; what the browser shows is whether its own PDF viewer opens PDFs (so they do not
 * reach Adobe). Always manual, with that fact as evidence.
 */
export const pdfViewerCheck = defineCheck({
  id: 'pdf-viewer',
  covers: ['WEB-PDF'],
  category: 'software',
  messages: ['builtin_on', 'builtin_off', 'unseen', 'fix_adobe'],
  async run({ platform, profile }: CheckContext<SystemFacts>) {
    const enabled = platform.page().pdfViewerEnabled;
    const params = { min: profile.software.adobeReaderMin };
    const fixes = [{ key: 'fix_adobe' as const, params, url: profile.links.adobeReader }];
    const message = enabled === undefined ? 'unseen' : enabled ? 'builtin_on' : 'builtin_off';
    const evidence: Evidence = enabled === undefined ? {} : { builtInViewerEnabled: enabled };
    return { status: 'manual', message, params, evidence, fixes, manual: { unmetStatus: 'warn' } };
  },
});
