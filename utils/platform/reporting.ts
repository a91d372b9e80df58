import { browser } from 'wxt/browser';
import { consentCategories, type ConsentState, type DataCategory } from '../reporting/consent';
import { readConsent, readReportingConfig } from './data-consent';
import { Outbox, type Answer, type OutboxCounts, type OutboxState } from './outbox';
import type { ProfileProblem } from '../profile/types';

export { mayTransmit, readConsent, readReportingConfig, requestConsent } from './data-consent';

/** storage.local key of the random installation id (made once per install, sent as `service.instance.id`). */
export const INSTALLATION_ID_KEY = 'installationId';
/** The alarm that wakes the background to retry the outbox (MV3 service workers sleep). */
export const OUTBOX_ALARM = 'readiness-outbox';
/** A request to the collector that has not answered by then is a failure (retried). */
export const SEND_TIMEOUT_MS = 30_000;

export async function installationId(): Promise<string> {
  const stored = (await browser.storage.local.get(INSTALLATION_ID_KEY))[INSTALLATION_ID_KEY];
  if (typeof stored === 'string' && stored) return stored;
  const id = crypto.randomUUID();
  await browser.storage.local.set({ [INSTALLATION_ID_KEY]: id });
  return id;
}

/**
 * POSTs one OTLP request. No host permission: the collector's CORS setting allows the
 * extension's origin (README, "Reporting to OpenTelemetry"). No cookies, no cache; bounded.
 * `Retry-After` is readable only when the collector exposes it (Access-Control-Expose-Headers).
 */
export async function sendOtlp(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), SEND_TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers,
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    });
    const retryAfter = response.headers.get('Retry-After');
    if (response.status < 400 || response.status >= 500) return { status: response.status, retryAfter };
    return { status: response.status, retryAfter, message: await refusalMessage(response) };
  } finally {
    clearTimeout(timer);
  }
}

/** The collector's reason for a 4xx: OTLP's `Status.message` in JSON, else the text; bounded, never required. */
async function refusalMessage(response: Response): Promise<string | undefined> {
  const text = (await response.text().catch(() => '')).slice(0, 2000);
  let message: unknown = text;
  try {
    message = (JSON.parse(text) as { message?: unknown }).message;
  } catch {
    // Not JSON: the text itself.
  }
  return typeof message === 'string' && message.trim() ? message.trim().replace(/\s+/g, ' ').slice(0, 160) : undefined;
}

/** Runs `resume` when a permission is granted (the data consent given from the options page or about:addons). */
export function onPermissionAdded(resume: () => void): void {
  browser.permissions.onAdded.addListener(() => resume());
}

export const createOutbox = () =>
  new Outbox({ now: () => Date.now(), random: Math.random, send: sendOtlp, installationId });

/**
 * Wakes `resume` at `at`: a timer while the background lives, and an alarm that survives a
 * sleeping service worker or a browser restart (Chrome fires alarms at most every 30 s: the
 * timer does the short waits).
 */
export function wakeAt(at: number, resume: () => void): void {
  clearTimeout(timer);
  timer = setTimeout(resume, Math.max(0, at - Date.now()));
  void browser.alarms.create(OUTBOX_ALARM, { when: Math.max(at, Date.now() + 30_000) });
}
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * Wakes `resume` on the outbox alarm, and when the managed settings change: new settings lift
 * a stop and the runs set aside under the old ones at once (Chrome applies a policy change
 * while it runs; Firefox reads its policies at start, where `resume` runs anyway).
 */
export function wakeOutboxOn(resume: () => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) resume();
  });
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') resume();
  });
}

/** What the options page shows: settings (never the headers' values), the outbox and its last error. */
export interface ReportingStatus {
  config?: { endpoint: string; include: string; headerNames: string[] };
  /** Firefox's data consent for these settings, and the categories they need (when configured). */
  consent?: { state: ConsentState; categories: DataCategory[] };
  problems: ProfileProblem[];
  state: OutboxState;
  /** Runs waiting to be sent (not those set aside). */
  queued: number;
  /** Runs the collector refused alone under these settings, kept aside, by status and reason. */
  setAside: OutboxCounts['setAside'];
}

export async function readReportingStatus(): Promise<ReportingStatus> {
  const { config, problems } = await readReportingConfig();
  const outbox = createOutbox();
  try {
    const [state, counts, consent] = await Promise.all([
      outbox.state(),
      config ? outbox.counts(config) : outbox.queued().then((waiting) => ({ waiting, setAside: [] })),
      // The permissions API failing shows the consent as missing, never hides the section.
      config && readConsent(config).catch((): ConsentState => 'missing'),
    ]);
    return {
      ...(config && {
        config: { endpoint: config.endpoint, include: config.include, headerNames: Object.keys(config.headers) },
      }),
      ...(config && consent && { consent: { state: consent, categories: consentCategories(config) } }),
      problems,
      state,
      queued: counts.waiting,
      setAside: counts.setAside,
    };
  } finally {
    outbox.close();
  }
}
