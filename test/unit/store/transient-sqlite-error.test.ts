import { describe, expect, it } from 'vitest';
import { isTransientSqliteError } from '../../../src/store/transient-sqlite-error.js';

const sqliteError = (code: string): Error => Object.assign(new Error(code), { code });

describe('isTransientSqliteError', () => {
  it.each([
    'SQLITE_FULL',
    'SQLITE_BUSY',
    'SQLITE_BUSY_SNAPSHOT',
    'SQLITE_IOERR_WRITE',
    'SQLITE_READONLY_DBMOVED',
    'SQLITE_LOCKED',
  ])('takes %s for a failure that may pass', (code) =>
    expect(isTransientSqliteError(sqliteError(code))).toBe(true),
  );

  it.each(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_ERROR', 'SQLITE_CORRUPT', 'SQLITE_MISMATCH'])(
    'takes %s for one that will not',
    (code) => expect(isTransientSqliteError(sqliteError(code))).toBe(false),
  );

  it('takes anything without a SQLite code for one that will not', () => {
    for (const error of [new Error('x'), null, undefined, 'SQLITE_FULL', { code: 42 }])
      expect(isTransientSqliteError(error)).toBe(false);
  });
});
