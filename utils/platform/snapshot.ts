/**
 * The popup's first frame: the last verdict from a synchronous snapshot in the extension's
 * localStorage (utils/report/snapshot.ts), painted by a classic script before the popup's
 * modules, the polyfill or the messages load. So this file imports no `wxt/browser`: it reads
 * the few things it needs from the browser's own synchronous APIs. Writers build the snapshot
 * (storage.ts); any context without localStorage (Chrome's service worker) writes nothing.
 */
import { lastRunWhen, parseSnapshot, SNAPSHOT_KEY, type VerdictSnapshot } from '../report/snapshot';
import { markPainted, MARKS } from './timing';

interface SyncApi {
  i18n: { getMessage(name: string): string };
  runtime: {
    getManifest(): { version: string };
    onMessage: { addListener(listener: (message: unknown) => undefined): void };
  };
}

/** Sent by a context without localStorage (Chrome's service worker) to the pages that have one. */
export const SNAPSHOT_MESSAGE = 'readiness:store-snapshot';

const api = (): SyncApi | undefined => {
  const scope = globalThis as { browser?: SyncApi; chrome?: SyncApi };
  return scope.browser ?? scope.chrome;
};

/** The extension's localStorage, if this context has one (a service worker has none; a disabled storage throws). */
function local(): Storage | undefined {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stores what the popup's first screen shows; `build` runs only where it can be stored.
 * False when this context has no localStorage (it may send the snapshot to one that has).
 */
export function storeSnapshot(build: () => VerdictSnapshot | undefined): boolean {
  const storage = local();
  if (!storage) return false;
  try {
    const snapshot = build();
    if (snapshot) storage.setItem(SNAPSHOT_KEY, JSON.stringify(snapshot));
    else storage.removeItem(SNAPSHOT_KEY);
  } catch {
    // Full or disabled storage: the popup then paints the stored run, a moment later.
  }
  return true;
}

/**
 * In an extension page (Chrome's offscreen document, which lives from a run's start, and
 * every other page): stores the snapshots the service worker sends (it has no localStorage).
 */
export function keepSentSnapshots(): void {
  api()?.runtime.onMessage.addListener((message) => {
    const m = message as { type?: string; snapshot?: VerdictSnapshot | null };
    if (m?.type === SNAPSHOT_MESSAGE) storeSnapshot(() => m.snapshot ?? undefined);
    return undefined;
  });
}

export function clearSnapshot(): void {
  try {
    local()?.removeItem(SNAPSHOT_KEY);
  } catch {
    // Nothing stored, nothing to clear.
  }
}

/** The snapshot this popup may paint: same language, same version, not stale, not corrupt. */
export function readSnapshot(now = Date.now()): VerdictSnapshot | undefined {
  const browser = api();
  if (!browser) return undefined;
  try {
    return parseSnapshot(local()?.getItem(SNAPSHOT_KEY), {
      lang: browser.i18n.getMessage('lang'),
      version: browser.runtime.getManifest().version,
      now,
    });
  } catch {
    return undefined;
  }
}

function element(tag: string, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/**
 * Paints the snapshot into `container` as the verdict header looks (components/VerdictHeader),
 * with its age, and marks it once painted. Text only (textContent): nothing is parsed as HTML.
 */
export function paintSnapshot(container: HTMLElement | null, now = Date.now()): VerdictSnapshot | undefined {
  const snapshot = container ? readSnapshot(now) : undefined;
  if (!container || !snapshot) return undefined;
  const { overall, lang } = snapshot;
  document.documentElement.lang = lang;
  container.append(
    element(
      'header',
      {
        class: `verdict verdict-${overall}`,
        'data-overall': overall,
        'data-source': 'snapshot',
        'data-run': snapshot.runId,
      },
      element(
        'span',
        { class: `status-icon status-${overall}`, role: 'img', 'aria-label': snapshot.status, title: snapshot.status },
        snapshot.glyph,
      ),
      element(
        'div',
        {},
        element('h1', {}, snapshot.verdict),
        element('p', { class: 'counts' }, snapshot.counts),
        element(
          'p',
          { class: 'muted small', 'data-stale': 'true' },
          snapshot.lastRun.replace('{when}', lastRunWhen(snapshot.at, now, lang)),
        ),
      ),
    ),
  );
  // "loading": painted while the page was still parsed, so before any module script ran.
  markPainted(MARKS.snapshotPainted, { runId: snapshot.runId, overall, readyState: document.readyState });
  return snapshot;
}

/** The popup's own view is about to paint: the snapshot goes. */
export const dropSnapshot = () => document.getElementById('snapshot')?.remove();

/** Whether a snapshot is on screen (the popup then shows no "starting" line beneath it). */
export const snapshotShown = () => !!document.getElementById('snapshot')?.firstChild;
