import { StoreError } from '../errors.js';

/**
 * What a store rejects with: a `StoreError` as it is, anything else wrapped with its message and cause. Each driver
 * passes its own test of whether the failure may pass (a busy database, a dropped connection), since only the
 * driver knows its error codes.
 */
export function wrapStoreError(error: unknown, isTransient: (error: unknown) => boolean): StoreError {
  if (error instanceof StoreError) return error;
  return new StoreError(`store operation failed: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
    transient: isTransient(error),
  });
}

/** Work asked of a store after it closed: transient, since a new store (a reload, a restart) will take it. */
export function closedError(): StoreError {
  return new StoreError('the store is closed', { transient: true });
}
