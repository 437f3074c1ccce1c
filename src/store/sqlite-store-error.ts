import { StoreError } from '../errors.js';
import { isTransientSqliteError } from './transient-sqlite-error.js';

/** What the SQLite store rejects with: a `StoreError` as it is, anything else wrapped (transient or not). */
export function asStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  return new StoreError(`store operation failed: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
    transient: isTransientSqliteError(error),
  });
}

export function closedError(): StoreError {
  return new StoreError('the store is closed', { transient: true });
}
