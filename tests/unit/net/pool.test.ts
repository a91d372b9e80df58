import { describe, expect, it } from 'vitest';
import { pool, poolSize } from '../../../utils/net/pool';

/** A task per item that resolves when told to, recording how many run at once. */
function gated() {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const release = new Map<number, () => void>();
  const task = (item: number) => {
    started.push(item);
    running += 1;
    most = Math.max(most, running);
    return new Promise<number>((resolve, reject) => {
      release.set(item, () => {
        running -= 1;
        if (item < 0) reject(new Error(`bad ${item}`));
        else resolve(item * 10);
      });
    });
  };
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { task, started, release, most: () => most, tick };
}

describe('pool', () => {
  it('never runs more than its size at once, and runs every task', async () => {
    const g = gated();
    const items = Array.from({ length: 20 }, (_, i) => i);
    const done = pool(items, 3, g.task);
    await g.tick();
    expect(g.started).toEqual([0, 1, 2]);
    while (g.started.length < 20 || g.release.size) {
      const [item, release] = [...g.release][0]!;
      g.release.delete(item);
      release();
      await g.tick();
    }
    expect(g.most()).toBe(3);
    expect((await done).map((r) => r.ok && r.value)).toEqual(items.map((i) => i * 10));
  });

  it('settles each task on its own and keeps the order of the items', async () => {
    const results = await pool([3, -1, 1, -2, 2], 2, async (n) => {
      await new Promise((r) => setTimeout(r, n > 0 ? n * 5 : 1));
      if (n < 0) throw new Error(`bad ${n}`);
      return n * 10;
    });
    expect(results.map((r) => (r.ok ? r.value : String(r.error)))).toEqual([
      30,
      'Error: bad -1',
      10,
      'Error: bad -2',
      20,
    ]);
  });

  it('starts nothing new once aborted; the tasks not started settle with the reason', async () => {
    const g = gated();
    const controller = new AbortController();
    const done = pool([1, 2, 3, 4], 2, g.task, controller.signal);
    await g.tick();
    controller.abort(new Error('run stopped'));
    for (const release of g.release.values()) release();
    const results = await done;
    expect(g.started).toEqual([1, 2]);
    expect(results.map((r) => (r.ok ? r.value : String(r.error)))).toEqual([
      10,
      20,
      'Error: run stopped',
      'Error: run stopped',
    ]);
  });

  it('an empty list settles at once', async () => {
    expect(await pool([], 4, async () => 1)).toEqual([]);
  });
});

describe('poolSize', () => {
  it('lets a normal profile run in the waves its budget allows: 24 ICE probes of 4 s in a 12 s suite → 12 at once', () => {
    expect(poolSize(24, 4000, 12_000)).toBe(12);
  });
  it('a few probes: the floor; a huge profile: the ceiling', () => {
    expect(poolSize(5, 4000, 12_000)).toBe(8);
    expect(poolSize(100_000, 4000, 12_000)).toBe(32);
  });
  it('a probe bound close to the budget: one wave', () => {
    expect(poolSize(20, 4000, 5000)).toBe(20);
  });
});
