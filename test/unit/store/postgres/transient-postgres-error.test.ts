import { describe, expect, it } from 'vitest';
import { isTransientPostgresError } from '../../../../src/store/postgres/transient-postgres-error.js';

function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('isTransientPostgresError', () => {
  it('counts an unreachable, restarting or overloaded server as transient', () => {
    expect(isTransientPostgresError(pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(
      true,
    );
    expect(
      isTransientPostgresError(pgError('terminating connection due to administrator command', '57P01')),
    ).toBe(true);
    expect(isTransientPostgresError(pgError('the database system is starting up', '57P03'))).toBe(true);
    expect(isTransientPostgresError(pgError('too many connections', '53300'))).toBe(true);
    expect(isTransientPostgresError(pgError('deadlock detected', '40P01'))).toBe(true);
    expect(isTransientPostgresError(pgError('Connection terminated unexpectedly'))).toBe(true);
  });

  it('counts errors about the statement or the data as lasting', () => {
    expect(isTransientPostgresError(pgError('duplicate key value', '23505'))).toBe(false);
    expect(isTransientPostgresError(pgError('syntax error', '42601'))).toBe(false);
    expect(isTransientPostgresError('57P01')).toBe(false);
  });
});
