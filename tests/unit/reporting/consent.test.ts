import { describe, expect, it } from 'vitest';
import {
  consentCategories,
  consentState,
  DECLARED_CATEGORIES,
  type DataPermissions,
} from '../../../utils/reporting/consent';

/** A fake `browser.permissions`: Firefox 140+ (`granted` listed), or a browser without the data consent. */
function permissions(granted: string[] | undefined): DataPermissions & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    getAll: async () => (granted ? { permissions: [], origins: [], data_collection: granted } : { permissions: [] }),
    contains: async ({ data_collection }) => {
      asked.push(data_collection);
      if (!granted) throw new Error('Type error for parameter permissions (Unexpected property "data_collection")');
      return data_collection.every((c) => granted.includes(c));
    },
  };
}

describe('data consent (Firefox 140+)', () => {
  it('asks for technical data in summary mode, and browsing activity too for the full report', () => {
    expect(consentCategories({ include: 'summary' })).toEqual(['technicalAndInteraction']);
    expect(consentCategories({ include: 'full' })).toEqual(['technicalAndInteraction', 'browsingActivity']);
  });

  it('asks only for categories the manifest declares as optional', () => {
    for (const include of ['summary', 'full'] as const)
      for (const category of consentCategories({ include })) expect(DECLARED_CATEGORIES).toContain(category);
  });

  it('is missing when Firefox has the consent and the user has not granted it', async () => {
    const p = permissions([]);
    expect(await consentState(p, ['technicalAndInteraction'])).toBe('missing');
    expect(p.asked).toEqual([['technicalAndInteraction']]);
  });

  it('is granted only when every category is granted', async () => {
    const p = permissions(['technicalAndInteraction']);
    expect(await consentState(p, ['technicalAndInteraction'])).toBe('granted');
    expect(await consentState(p, ['technicalAndInteraction', 'browsingActivity'])).toBe('missing');
  });

  it('is not needed in a browser without the data consent (Chrome, Edge, Firefox before 140): never asked', async () => {
    const p = permissions(undefined);
    expect(await consentState(p, ['technicalAndInteraction'])).toBe('not-needed');
    expect(p.asked).toEqual([]);
  });
});
