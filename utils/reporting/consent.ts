import type { ReportingConfig } from './config';

/**
 * Firefox's built-in data consent (Firefox 140+): the manifest declares, in
 * `data_collection_permissions.optional`, what reporting transmits, and nothing is sent to the
 * collector before the browser says the user granted it (docs/permissions.md). Pure: which
 * categories a configuration needs and what the gate decides; the browser calls are in
 * utils/platform/reporting.ts.
 */

/** Mozilla's categories, as the manifest and `permissions.*({ data_collection })` name them. */
export type DataCategory = 'technicalAndInteraction' | 'browsingActivity';

/** Every category the manifest declares as optional (wxt.config.ts). */
export const DECLARED_CATEGORIES: readonly DataCategory[] = ['technicalAndInteraction', 'browsingActivity'];

/**
 * What a run sent with these settings carries. Both modes: technical data about the browser,
 * the OS and the extension, and what the checks found (`technicalAndInteraction`). `full` adds
 * the redacted report, whose zoom evidence names which of the app's sites have a tab open at
 * the time of each run (`browsingActivity`).
 */
export function consentCategories(config: Pick<ReportingConfig, 'include'>): DataCategory[] {
  return config.include === 'full' ? ['technicalAndInteraction', 'browsingActivity'] : ['technicalAndInteraction'];
}

/**
 * - `granted`: Firefox has the data consent and the user (or an earlier click) granted these;
 * - `missing`: Firefox has it and at least one category is not granted: nothing is sent;
 * - `not-needed`: the browser has no such consent (Chrome, Edge, Firefox before 140): the
 *   organisation's policy that set `reporting` is the consent.
 */
export type ConsentState = 'granted' | 'missing' | 'not-needed';

/** The part of `browser.permissions` the gate reads (Firefox 140+ knows `data_collection`). */
export interface DataPermissions {
  getAll(): Promise<{ data_collection?: string[] }>;
  contains(permissions: { data_collection: string[] }): Promise<boolean>;
}

/**
 * Feature detection: a browser with the data consent lists `data_collection` in
 * `permissions.getAll()` (Firefox 140+ with it enabled); others have no such key, and would
 * reject `data_collection` in `contains`.
 */
export async function consentState(permissions: DataPermissions, categories: DataCategory[]): Promise<ConsentState> {
  const all = await permissions.getAll();
  if (!Array.isArray(all.data_collection)) return 'not-needed';
  return (await permissions.contains({ data_collection: categories })) ? 'granted' : 'missing';
}
