import type { Transaction } from 'better-sqlite3';
import type { Settled } from './group-commit.js';
import { asStoreError } from './sqlite-store-error.js';

/**
 * The `commit` of a group commit on SQLite: the whole batch in one transaction (`together`); should that fail,
 * each item in a transaction of its own (`alone`), so that only the items that broke fail. `guard` runs each
 * transaction (the store's check that it is still open).
 */
export function commitTogetherOrAlone<T, R>(
  together: Transaction<(items: readonly T[]) => Settled<R>[]>,
  alone: Transaction<(item: T) => R>,
  guard: <V>(work: () => V) => V,
): (items: readonly T[]) => Settled<R>[] {
  return (items) => {
    try {
      return guard(() => together.immediate(items));
    } catch (error) {
      if (items.length === 1) throw asStoreError(error);
      return items.map((item): Settled<R> => {
        try {
          return { ok: true, value: guard(() => alone.immediate(item)) };
        } catch (itemError) {
          return { ok: false, error: asStoreError(itemError) };
        }
      });
    }
  };
}
