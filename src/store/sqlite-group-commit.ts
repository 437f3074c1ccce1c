import type { Transaction } from 'better-sqlite3';
import { GroupCommit, type GroupCommitOptions, type Settled } from './group-commit.js';
import { asStoreError } from './sqlite-store-error.js';

/** A write's two transactions: `many` commits a batch of items, `one` a single item. */
export interface BatchTransactions<T, R> {
  readonly many: Transaction<(items: readonly T[]) => Settled<R>[]>;
  readonly one: Transaction<(item: T) => R>;
}

/**
 * The group commit of a SQLite write (none when `options` is false): the whole batch in one transaction; should
 * that fail, each item in a transaction of its own, so that only the items that broke fail. `guard` runs each
 * transaction (the store's check that it is still open).
 */
export function sqliteGroupCommit<T, R>(
  transactions: BatchTransactions<T, R>,
  options: GroupCommitOptions | false,
  guard: <V>(work: () => V) => V,
): GroupCommit<T, R> | undefined {
  if (options === false) return undefined;
  const { many, one } = transactions;
  return new GroupCommit((items) => {
    try {
      return guard(() => many.immediate(items));
    } catch (error) {
      if (items.length === 1) throw asStoreError(error);
      return items.map((item): Settled<R> => {
        try {
          return { ok: true, value: guard(() => one.immediate(item)) };
        } catch (itemError) {
          return { ok: false, error: asStoreError(itemError) };
        }
      });
    }
  }, options);
}
