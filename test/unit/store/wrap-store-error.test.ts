import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { closedError, wrapStoreError } from '../../../src/store/wrap-store-error.js';

describe('wrapStoreError', () => {
  it('hands a StoreError back as it is', () => {
    const original = new StoreError('kept', { transient: false });
    expect(wrapStoreError(original, () => true)).toBe(original);
  });

  it("wraps anything else with its message and cause, transient as the driver's test says", () => {
    const cause = new Error('database is locked');
    const transient = wrapStoreError(cause, (error) => error === cause);
    expect(transient).toBeInstanceOf(StoreError);
    expect(transient.message).toBe('store operation failed: database is locked');
    expect(transient.cause).toBe(cause);
    expect(transient.transient).toBe(true);
    expect(wrapStoreError('a string', () => false)).toMatchObject({
      message: 'store operation failed: a string',
      transient: false,
    });
  });
});

describe('closedError', () => {
  it('is transient, so the work can go to the next store', () => {
    expect(closedError()).toMatchObject({ message: 'the store is closed', transient: true });
  });
});
