import type { StoreError } from '../errors.js';
import { isTransientSqliteError } from './transient-sqlite-error.js';
import { wrapStoreError } from './wrap-store-error.js';

/** What the SQLite store rejects with: a `StoreError` as it is, anything else wrapped (transient or not). */
export function asStoreError(error: unknown): StoreError {
  return wrapStoreError(error, isTransientSqliteError);
}
