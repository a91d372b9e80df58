import { browser } from 'wxt/browser';
import { parseReporting, REPORTING_KEY, type ReportingConfig } from '../reporting/config';
import {
  consentCategories,
  consentState,
  type ConsentState,
  type DataCategory,
  type DataPermissions,
} from '../reporting/consent';
import type { ProfileProblem } from '../profile/types';

/*
 * The reporting settings and Firefox's data consent, apart from the outbox: light enough for
 * the popup, which only says when the consent is missing.
 */

/** The managed `reporting` settings (undefined: reporting off), with what is wrong in them. */
export async function readReportingConfig(): Promise<{ config?: ReportingConfig; problems: ProfileProblem[] }> {
  const managed = await browser.storage.managed.get(REPORTING_KEY).catch(() => ({}) as Record<string, unknown>);
  return parseReporting(managed[REPORTING_KEY]);
}

/** `browser.permissions` as Firefox 140+ has it: the polyfill's types predate `data_collection`. */
const dataPermissions = () =>
  browser.permissions as unknown as DataPermissions & {
    request(permissions: { data_collection: string[] }): Promise<boolean>;
  };

/** Firefox's data consent for what these settings send (utils/reporting/consent.ts). */
export const readConsent = (config: Pick<ReportingConfig, 'include'>): Promise<ConsentState> =>
  consentState(dataPermissions(), consentCategories(config));

/** The send gate: true unless Firefox's data consent is missing. */
export const mayTransmit = async (config: ReportingConfig): Promise<boolean> =>
  (await readConsent(config)) !== 'missing';

/**
 * Asks Firefox for the data consent. Call it straight from a click handler, before any await:
 * `permissions.request` needs the user's gesture. Resolves to whether the user granted it.
 */
export const requestConsent = (categories: DataCategory[]): Promise<boolean> =>
  dataPermissions().request({ data_collection: categories });

/** Whether reporting is set and waits for the user's data consent (Firefox 140+): the popup says so. */
export async function reportingConsentMissing(): Promise<boolean> {
  const { config } = await readReportingConfig();
  return config !== undefined && (await readConsent(config)) === 'missing';
}
