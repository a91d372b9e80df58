import type { CheckContext } from './types';

/** A per-run memo: the first check to ask computes, the others wait for the same promise. */
export function createShared(): CheckContext['shared'] {
  const memo = new Map<string, Promise<unknown>>();
  return <T>(key: string, compute: () => Promise<T>) => {
    if (!memo.has(key)) memo.set(key, compute());
    return memo.get(key) as Promise<T>;
  };
}
