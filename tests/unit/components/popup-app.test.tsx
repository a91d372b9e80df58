// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../../../utils/engine/types';
import type { ClientMessage, RunRecord, StateMessage } from '../../../utils/run/types';

// The popup's texts, in English, as browser.i18n would give them.
vi.mock('../../../utils/platform/i18n', async () => {
  const { catalogueTranslator } = await import('../../../utils/i18n/format');
  const en = JSON.parse(readFileSync(resolve(__dirname, '../../../public/_locales/en/messages.json'), 'utf8'));
  return { t: catalogueTranslator(en) };
});

// The background, as the popup sees it: a connection whose states the test sends.
const hub = vi.hoisted(() => ({
  sent: [] as ClientMessage[],
  onState: undefined as ((state: StateMessage) => void) | undefined,
  onLost: undefined as (() => void) | undefined,
}));
vi.mock('../../../utils/platform/messaging', () => ({
  connectToHub: (onState: (s: StateMessage) => void, onLost: () => void) => {
    hub.onState = onState;
    hub.onLost = onLost;
    return { send: (m: ClientMessage) => hub.sent.push(m), close: () => undefined };
  },
  installedByPolicy: async () => false,
  openOptionsPage: async () => undefined,
  openReportPage: async () => undefined,
}));
const stored = vi.hoisted(() => ({ run: undefined as RunRecord | undefined }));
vi.mock('../../../utils/platform/storage', () => ({
  loadLastRun: async () => stored.run,
  rememberVerdict: async () => undefined,
}));
vi.mock('../../../utils/platform/page', () => ({ measurePageFacts: async () => ({}) }));
vi.mock('../../../utils/platform/data-consent', () => ({ reportingConsentMissing: async () => false }));
vi.mock('../../../utils/platform/timing', () => ({
  MARKS: { lastVerdictPainted: 'last', freshVerdictPainted: 'fresh' },
  markPainted: () => undefined,
  afterNextPaint: (task: () => void) => setTimeout(task, 0),
}));

const { App } = await import('../../../entrypoints/popup/App');

const question: Diagnostic = {
  checkId: 'manual-os-updates',
  covers: ['WS-OS'],
  category: 'system',
  status: 'manual',
  message: { key: 'check_cpu_pass', params: { seen: 2.4, web: 2, desktop: 2.3 } },
  evidence: {},
  fixes: [],
  durationMs: 1,
  manual: { unmetStatus: 'warn' },
};
const lastRun: RunRecord = {
  id: 'last',
  startedAt: 1_700_000_000_000,
  finishedAt: 1_700_000_001_000,
  extensionVersion: '1.0.0',
  profile: { id: 'p', name: '', version: '1', source: 'builtin' },
  profileProblems: [],
  planned: 1,
  diagnostics: [question],
  overall: 'pending',
};

let root: HTMLElement;
const settle = () => act(() => new Promise((r) => setTimeout(r, 10)));
beforeEach(() => {
  hub.sent = [];
  stored.run = structuredClone(lastRun);
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

/** The question's answer buttons, once its row is opened. */
function answerButtons() {
  const details = root.querySelector('li[data-check="manual-os-updates"] details') as HTMLDetailsElement | null;
  if (details && !details.open)
    act(() => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
  return root.querySelectorAll('.manual-answer button');
}

describe('popup while the background starts a run', () => {
  it('keeps the last verdict and takes no answer or second start until the run’s first state', async () => {
    act(() => render(<App />, root));
    await settle();
    expect(hub.sent.map((m) => m.type)).toEqual(['start']);
    const main = root.querySelector('main')!;
    expect(main.hasAttribute('data-starting')).toBe(true);
    // The last run is still shown, but its question cannot be answered meanwhile.
    expect(root.querySelector('li[data-check="manual-os-updates"]')).not.toBeNull();
    expect(answerButtons()).toHaveLength(0);
    expect((root.querySelector('footer button.primary') as HTMLButtonElement).disabled).toBe(true);

    // The run's first state: running. Then its end: the answer is offered again.
    const fresh = { ...structuredClone(lastRun), id: 'fresh', finishedAt: undefined, overall: 'running' as const };
    act(() => hub.onState!({ type: 'state', run: fresh, running: true }));
    expect(main.hasAttribute('data-starting')).toBe(false);
    act(() => hub.onState!({ type: 'state', run: { ...fresh, finishedAt: 2, overall: 'pending' }, running: false }));
    await settle();
    expect(answerButtons().length).toBeGreaterThan(0);
    expect((root.querySelector('footer button.primary') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says the connection was lost when the background goes away before the run’s first state', async () => {
    act(() => render(<App />, root));
    await settle();
    expect(root.querySelector('[role="alert"]')).toBeNull();
    act(() => hub.onLost!());
    expect(root.querySelector('main')!.hasAttribute('data-starting')).toBe(false);
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      JSON.parse(readFileSync(resolve(__dirname, '../../../public/_locales/en/messages.json'), 'utf8'))
        .ui_connection_lost.message,
    );
  });
});
