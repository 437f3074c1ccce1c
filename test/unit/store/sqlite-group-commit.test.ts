import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import type { Settled } from '../../../src/store/group-commit.js';
import { sqliteGroupCommit } from '../../../src/store/sqlite-group-commit.js';

let db: Database.Database;
afterEach(() => db.close());

/** Inserts numbers into a table with a unique key: inserting one twice fails, as a duplicate delivery id does. */
function numbers() {
  db = new Database(':memory:');
  db.exec('CREATE TABLE n (value INTEGER PRIMARY KEY)');
  const insert = db.prepare<[number]>('INSERT INTO n (value) VALUES (?)');
  const transactions = {
    one: db.transaction((n: number) => insert.run(n).changes),
    many: db.transaction((items: readonly number[]) =>
      items.map((n): Settled<number> => ({ ok: true, value: insert.run(n).changes })),
    ),
  };
  const stored = (): number[] =>
    db
      .prepare<[], { value: number }>('SELECT value FROM n ORDER BY value')
      .all()
      .map((row) => row.value);
  return { transactions, stored };
}

const open = <V>(work: () => V): V => work();
const options = { maxWaitMs: 0, maxBatch: 100 };

describe('sqliteGroupCommit', () => {
  it('makes no group commit when group commits are off', () => {
    expect(sqliteGroupCommit(numbers().transactions, false, open)).toBeUndefined();
  });

  it('commits the items that arrive together, each resolving with its own result', async () => {
    const { transactions, stored } = numbers();
    const group = sqliteGroupCommit(transactions, options, open)!;
    expect(await Promise.all([1, 2, 3].map((n) => group.submit(n)))).toEqual([1, 1, 1]);
    expect(stored()).toEqual([1, 2, 3]);
  });

  it('commits each item alone when the batch fails, failing only the one that broke', async () => {
    const { transactions, stored } = numbers();
    const group = sqliteGroupCommit(transactions, options, open)!;
    const results = await Promise.allSettled([1, 1, 2].map((n) => group.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const reason = (results[1] as PromiseRejectedResult).reason as StoreError;
    expect(reason).toBeInstanceOf(StoreError);
    expect(reason.message).toMatch(/UNIQUE constraint failed/);
    expect(stored()).toEqual([1, 2]);
  });

  it('rejects a batch of one that fails with a StoreError', async () => {
    const { transactions, stored } = numbers();
    const group = sqliteGroupCommit(transactions, options, open)!;
    await group.submit(1);
    await expect(group.submit(1)).rejects.toBeInstanceOf(StoreError);
    expect(stored()).toEqual([1]);
  });

  it('runs every transaction through the guard, which may refuse it', async () => {
    const { transactions, stored } = numbers();
    const closed = (): never => {
      throw new StoreError('the store is closed', { transient: true });
    };
    const group = sqliteGroupCommit(transactions, options, closed)!;
    const results = await Promise.allSettled([group.submit(1), group.submit(2)]);
    expect(results.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual([
      'the store is closed',
      'the store is closed',
    ]);
    expect(stored()).toEqual([]);
  });
});
