import { describe, expect, it } from 'vitest';
import { GroupCommit, type Settled } from '../../../src/store/group-commit.js';

function recorder() {
  const batches: number[][] = [];
  const commit = (items: readonly number[]): Settled<number>[] => {
    batches.push([...items]);
    return items.map((n) =>
      n < 0 ? { ok: false, error: new Error(`bad ${n}`) } : { ok: true, value: n * 10 },
    );
  };
  return { batches, commit };
}

describe('GroupCommit', () => {
  it('commits what arrives in one event-loop turn together, each caller getting its own result', async () => {
    const { batches, commit } = recorder();
    const group = new GroupCommit(commit, { maxWaitMs: 0, maxBatch: 100 });
    const results = await Promise.allSettled([group.submit(1), group.submit(-2), group.submit(3)]);
    expect(batches).toEqual([[1, -2, 3]]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      10,
      'bad -2',
      30,
    ]);
    expect(await group.submit(4)).toBe(40);
    expect(batches).toEqual([[1, -2, 3], [4]]);
  });

  it('commits at once when the batch is full', async () => {
    const { batches, commit } = recorder();
    const group = new GroupCommit(commit, { maxWaitMs: 10_000, maxBatch: 2 });
    const first = [group.submit(1), group.submit(2)];
    expect(batches).toEqual([[1, 2]]);
    await Promise.all(first);
    const third = group.submit(3);
    group.flush();
    expect(await third).toBe(30);
  });

  it('fails the whole batch when the commit itself fails', async () => {
    const group = new GroupCommit<number, number>(
      () => {
        throw new Error('disk full');
      },
      { maxWaitMs: 0, maxBatch: 10 },
    );
    await expect(Promise.all([group.submit(1), group.submit(2)])).rejects.toThrow('disk full');
  });
});
