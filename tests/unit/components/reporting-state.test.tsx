// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialState } from '../../../utils/platform/outbox';
import type { ReportingStatus } from '../../../utils/platform/reporting';

vi.mock('../../../utils/platform/i18n', async () => {
  const { catalogueTranslator } = await import('../../../utils/i18n/format');
  const en = JSON.parse(readFileSync(resolve(__dirname, '../../../public/_locales/en/messages.json'), 'utf8'));
  return { t: catalogueTranslator(en) };
});

/** The options page's reporting state as the platform reads it, and Firefox's answer to the button. */
const platform = vi.hoisted(() => ({
  status: undefined as unknown as ReportingStatus,
  answer: (): Promise<boolean> => Promise.resolve(true),
}));
vi.mock('../../../utils/platform/reporting', () => ({
  readReportingStatus: () => Promise.resolve(platform.status),
  requestConsent: () => platform.answer(),
}));

import { ReportingState } from '../../../components/ReportingState';

const missingConsent = (): ReportingStatus => ({
  config: { endpoint: 'https://collector.example:4318', include: 'summary', headerNames: ['Authorization'] },
  consent: { state: 'missing', categories: ['technicalAndInteraction'] },
  problems: [],
  state: initialState(),
  queued: 2,
  setAside: [],
});

let root: HTMLElement;
async function mount() {
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<ReportingState />, root));
  await act(async () => undefined);
  return root;
}
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

async function click(page: HTMLElement) {
  await act(async () => page.querySelector<HTMLButtonElement>('#reporting-consent-button')!.click());
  await act(async () => undefined);
}

describe('reporting state (options page): Firefox data consent', () => {
  it("says 'not allowed' when the user refuses in Firefox's prompt", async () => {
    platform.status = missingConsent();
    platform.answer = () => Promise.resolve(false);
    const page = await mount();
    expect(page.querySelector('#reporting')!.getAttribute('data-consent')).toBe('missing');
    await click(page);
    expect(page.textContent).toContain('Not allowed: nothing is sent.');
    expect(page.querySelector('#reporting-consent-failed')).toBeNull();
  });

  it('says Firefox could not ask, with its reason, when the request fails: not a refusal', async () => {
    platform.status = missingConsent();
    platform.answer = () =>
      Promise.reject(new Error('permissions.request may only be called from a user input handler'));
    const page = await mount();
    await click(page);
    expect(page.querySelector('#reporting-consent-failed')!.textContent).toContain(
      'Firefox could not ask for the consent (permissions.request may only be called from a user input handler)',
    );
    expect(page.textContent).not.toContain('Not allowed');
  });
});
