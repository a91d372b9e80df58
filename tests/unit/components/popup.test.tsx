// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiagnosticRow } from '../../../components/DiagnosticRow';
import { FixList, QuickFixNote } from '../../../components/FixList';
import { ProblemsPanel } from '../../../components/ProblemsPanel';
import type { QuickFixResult } from '../../../utils/engine/quickfix';
import type { Diagnostic, Status } from '../../../utils/engine/types';

// The popup's texts, in English, as browser.i18n would give them.
vi.mock('../../../utils/platform/i18n', async () => {
  const { catalogueTranslator } = await import('../../../utils/i18n/format');
  const en = JSON.parse(readFileSync(resolve(__dirname, '../../../public/_locales/en/messages.json'), 'utf8'));
  return { t: catalogueTranslator(en) };
});

const row = (checkId: string, status: Status, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  checkId,
  covers: ['WEB-CPU'],
  category: 'system',
  status,
  message: { key: 'check_cpu_pass', params: { seen: 2.4, web: 2, desktop: 2.3 } },
  evidence: {},
  fixes: [],
  durationMs: 3,
  ...extra,
});
const question = (checkId: string, extra: Partial<NonNullable<Diagnostic['manual']>> = {}) =>
  row(checkId, 'manual', { manual: { unmetStatus: 'fail', ...extra } });

let root: HTMLElement;
function mount(node: preact.ComponentChild) {
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(node, root));
  return root;
}
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

/** Opens a row as a click on its summary would (the body is built only then). */
function open(li: Element) {
  const details = li.querySelector('details')!;
  act(() => {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  });
}

const statusesIn = (group: Element) => [...group.querySelectorAll('li.row')].map((li) => li.getAttribute('data-check'));

describe('Problems panel (popup)', () => {
  it('ranks the rows: problems worst first (fail, error, warn), then questions, then passes folded away', () => {
    const panel = mount(
      <ProblemsPanel
        diagnostics={[
          row('a-pass', 'pass'),
          row('b-warn', 'warn'),
          question('c-ask'),
          row('d-error', 'error'),
          row('e-fail', 'fail'),
          question('f-said-no', { unmetStatus: 'warn', confirmation: { answer: 'no', at: 1 } }),
          question('g-said-yes', { confirmation: { answer: 'yes', at: 1 } }),
        ]}
      />,
    );
    const groups = [...panel.querySelectorAll('section[data-group]')];
    expect(groups.map((g) => g.getAttribute('data-group'))).toEqual(['problems', 'manual', 'passed']);
    expect(statusesIn(groups[0]!)).toEqual(['e-fail', 'd-error', 'b-warn', 'f-said-no']);
    expect(statusesIn(groups[1]!)).toEqual(['c-ask']);
    expect(statusesIn(groups[2]!)).toEqual(['a-pass', 'g-said-yes']);
    expect(groups.map((g) => g.querySelector('.group-title')!.textContent)).toEqual([
      'Problems (4)',
      'To check by hand (1)',
      'Passed (2)',
    ]);
    // Passes are folded away (closed); problems and questions are not folded at all.
    expect(groups[2]!.querySelector(':scope > details')?.hasAttribute('open')).toBe(false);
    expect(groups[0]!.querySelector(':scope > details')).toBeNull();
    expect(groups[0]!.querySelector('li[data-check="f-said-no"]')!.getAttribute('data-status')).toBe('warn');
  });

  it('folds the open questions only IT can answer into one line, in the popup only', () => {
    const rows = [
      question('user-q', { audience: 'user' }),
      question('it-1', { audience: 'it' }),
      question('it-2', { audience: 'it' }),
    ];
    const popup = mount(<ProblemsPanel diagnostics={rows} foldItItems />);
    const fold = popup.querySelector('details.it-items')!;
    expect(fold.querySelector('summary')!.textContent).toBe('2 items for your IT department');
    expect(statusesIn(fold)).toEqual(['it-1', 'it-2']);
    expect(statusesIn(popup.querySelector('ul[aria-label="To check by hand (3)"]')!)).toEqual(['user-q']);
    act(() => render(<ProblemsPanel diagnostics={rows} />, root));
    expect(root.querySelector('details.it-items')).toBeNull();
    expect(statusesIn(root)).toEqual(['user-q', 'it-1', 'it-2']);
  });
});

describe('a row', () => {
  it('shows its message and codes, marks an open blocking question, and builds its body only when opened', () => {
    const li = mount(<DiagnosticRow diagnostic={question('manual-java')} />).querySelector('li')!;
    expect(li.querySelector('.message')!.textContent).toBe(
      'Processor at 2.4 GHz: meets 2 GHz (web) and 2.3 GHz (desktop).',
    );
    expect(li.getAttribute('data-blocking')).toBe('true');
    expect(li.querySelector('.blocking')!.textContent).toBe('To confirm: blocking if no');
    expect(li.querySelector('.row-body')).toBeNull();
    open(li);
    expect(li.querySelector('.row-body')).not.toBeNull();
  });

  it('takes the user’s answer to a question, shows it pressed, and lets it be cleared', () => {
    const onAnswer = vi.fn();
    const unanswered = mount(<DiagnosticRow diagnostic={question('manual-java')} onAnswer={onAnswer} />);
    open(unanswered.querySelector('li')!);
    const buttons = () => [...root.querySelectorAll('.manual-answer button')];
    expect(buttons().map((b) => b.textContent)).toEqual(['Yes, checked', 'No']);
    act(() => (buttons()[1] as HTMLButtonElement).click());
    expect(onAnswer).toHaveBeenCalledWith('manual-java', 'no');
    const answered = question('manual-java', { confirmation: { answer: 'no', at: 1 } });
    act(() => render(<DiagnosticRow diagnostic={answered} onAnswer={onAnswer} />, root));
    expect(buttons().map((b) => [b.textContent, b.getAttribute('aria-pressed')])).toEqual([
      ['Yes, checked', 'false'],
      ['No', 'true'],
      ['Clear answer', null],
    ]);
    act(() => (buttons()[2] as HTMLButtonElement).click());
    expect(onAnswer).toHaveBeenLastCalledWith('manual-java', null);
    // The row now counts as what the user said: a warning-level "no" is a warning, not a question.
    expect(root.querySelector('li')!.getAttribute('data-blocking')).toBe('false');
  });

  it('shows IT’s attestation instead of the buttons: not the user’s to change', () => {
    const attested = question('manual-java', {
      confirmation: { answer: 'yes', at: 0, source: 'policy', by: 'DSI CHU' },
    });
    open(mount(<DiagnosticRow diagnostic={attested} onAnswer={vi.fn()} />).querySelector('li')!);
    expect(root.querySelector('[data-attested]')!.textContent).toContain('Confirmed by IT (DSI CHU');
    expect(root.querySelectorAll('.manual-answer button')).toHaveLength(0);
  });
});

describe('Quick Fix states', () => {
  const fixes = [{ key: 'check_passwords_fix_quick', action: { id: 'passwords-off' as const } }];
  const button = () => root.querySelector<HTMLButtonElement>('button.quick-fix');

  it('offers the button when a fix may run, and runs it on click', () => {
    const onQuickFix = vi.fn();
    mount(<FixList fixes={fixes} onQuickFix={onQuickFix} />);
    expect([button()!.textContent, button()!.disabled]).toEqual(['Fix it', false]);
    act(() => button()!.click());
    expect(onQuickFix).toHaveBeenCalledTimes(1);
  });

  it('says it is applying, disabled, while this row’s fix runs; offers nothing where none may run', () => {
    mount(<FixList fixes={fixes} fixing />);
    expect([button()!.textContent, button()!.disabled]).toEqual(['Fixing…', true]);
    act(() => render(<FixList fixes={fixes} />, root));
    expect(button()).toBeNull();
  });

  it('labels a test as a test, not a change', () => {
    mount(<FixList fixes={[{ key: 'check_popups_fix_test', action: { id: 'popups-probe' } }]} onQuickFix={vi.fn()} />);
    expect(button()!.textContent).toBe('Test now');
  });

  it('reads back what the fix did: applied, unchanged, refused with the browser’s reason, or tested', () => {
    const note = (result: Omit<QuickFixResult, 'at'>) => {
      act(() => render(<QuickFixNote result={{ at: 0, ...result }} />, root));
      const p = root.querySelector('.quick-fix-note')!;
      return [p.getAttribute('data-quick-fix-result'), p.textContent!.replace(new Date(0).toLocaleTimeString(), 'T')];
    };
    mount(null);
    expect(note({ id: 'passwords-off', ok: true })).toEqual([
      'true',
      'Quick Fix applied at T: the setting was read back and the check now passes.',
    ]);
    expect(note({ id: 'passwords-off', ok: false })[1]).toMatch(
      /^Quick Fix tried at T, but the setting read back has not changed/,
    );
    expect(note({ id: 'popups-allow', ok: false, error: 'blocked by policy' })).toEqual([
      'false',
      'Quick Fix refused by the browser at T: blocked by policy',
    ]);
    expect(note({ id: 'popups-probe', ok: true })[1]).toBe('Tested at T: the result is this row’s verdict.');
  });

  it('hides every button of a row while another row’s fix runs', () => {
    const diagnostic = row('passwords', 'warn', { fixes });
    open(mount(<DiagnosticRow diagnostic={diagnostic} onQuickFix={vi.fn()} fixing="zoom" />).querySelector('li')!);
    expect(button()).toBeNull();
  });
});
