import { describe, expect, it } from 'vitest';
import { pdfViewerCheck } from '../../../utils/checks/pdf-viewer';
import { fakePlatform, runCheck } from '../fakes';

describe('pdf-viewer check', () => {
  it('never passes (Adobe Reader is invisible) but reports the built-in viewer state', async () => {
    const on = await runCheck(pdfViewerCheck, fakePlatform({ page: () => ({ pdfViewerEnabled: true }) }));
    expect(on).toMatchObject({ status: 'manual', message: 'builtin_on', evidence: { builtInViewerEnabled: true } });
    const off = await runCheck(pdfViewerCheck, fakePlatform({ page: () => ({ pdfViewerEnabled: false }) }));
    expect(off).toMatchObject({ status: 'manual', message: 'builtin_off' });
  });

  it('links the Adobe Reader download with the minimum version', async () => {
    const outcome = await runCheck(pdfViewerCheck, fakePlatform());
    expect(outcome).toMatchObject({
      message: 'unseen',
      fixes: [{ key: 'fix_adobe', params: { min: '10.1.3.23' }, url: 'https://get.adobe.com/fr/reader' }],
    });
  });
});
