import { describe, expect, it } from 'vitest';
import { ConfigError, DeliveryError, RequestError, StoreError } from '../../src/errors.js';
import { reportError, reportLines, storeRetryAfterSeconds } from '../../src/report-error.js';

describe('reportError', () => {
  it('tells an HTTP caller a refused request as it is, with its details', () => {
    const details = [{ path: '/amount', message: 'must be number' }];
    const report = reportError(
      new RequestError(422, 'schema_violation', 'the payload is invalid', { details }),
    );
    expect(report).toMatchObject({ code: 'schema_violation', known: true, told: true });
    expect(report.http).toEqual({
      status: 422,
      code: 'schema_violation',
      message: 'the payload is invalid',
      details,
    });
    expect(reportLines(report)).toEqual(['the payload is invalid', '  /amount must be number']);
  });

  it('answers a transient store failure 503 store_unavailable with Retry-After; the operator sees the cause', () => {
    const report = reportError(new StoreError('SQLITE_BUSY: database is locked', { transient: true }));
    expect(report.code).toBe('store_unavailable');
    expect(report.message).toBe('SQLITE_BUSY: database is locked');
    expect(report.told).toBe(false);
    expect(report.http).toMatchObject({ status: 503, retryAfterSeconds: storeRetryAfterSeconds });
    expect(report.http.message).not.toContain('SQLITE');
  });

  it('keeps other gateway errors from HTTP callers but gives operators their code and message', () => {
    const config = reportError(new ConfigError([{ file: 'g.yaml', line: 1, column: 2, message: 'bad' }]));
    expect(config).toMatchObject({
      code: 'config_invalid',
      known: true,
      message: '1 config error:\ng.yaml:1:2: bad',
    });
    expect(config.http).toEqual({ status: 500, code: 'internal', message: 'internal error' });
    expect(reportError(new DeliveryError('timeout', 'the attempt timed out after 1m'))).toMatchObject({
      code: 'timeout',
      message: 'the attempt timed out after 1m',
    });
  });

  it('reports a bug as internal, its text without secrets', () => {
    const report = reportError(new Error('GET https://hooks.slack.com/services/T0/B0/secret failed'));
    expect(report).toMatchObject({ code: 'internal', known: false, told: false });
    expect(report.message).toBe('GET https://hooks.slack.com/… failed');
    expect(report.http.status).toBe(500);
  });
});
