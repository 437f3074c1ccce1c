import { describe, expect, it } from 'vitest';
import {
  classifyHttpStatus,
  classifyRequestError,
} from '../../../../src/targets/http/classify-http-response.js';

const now = Date.UTC(2026, 10, 28, 16, 0, 0);

describe('classifyHttpStatus', () => {
  it.each([200, 201, 202, 204, 299])('%i is success', (status) => {
    expect(classifyHttpStatus(status, undefined, now)).toEqual({ ok: true });
  });

  it.each([408, 429, 500, 501, 502, 503, 504, 599])('%i is retryable', (status) => {
    expect(classifyHttpStatus(status, undefined, now)).toMatchObject({ ok: false, kind: 'retryable' });
  });

  it.each([301, 302, 303, 307, 308, 400, 401, 403, 404, 409, 413, 422])('%i is permanent', (status) => {
    expect(classifyHttpStatus(status, undefined, now)).toMatchObject({ ok: false, kind: 'permanent' });
  });

  it.each([
    [408, 'timeout'],
    [429, 'rate_limited'],
    [503, 'http_5xx'],
    [404, 'http_4xx'],
    [308, 'redirect'],
  ])('%i has the code %s', (status, code) => {
    expect(classifyHttpStatus(status, undefined, now)).toMatchObject({ ok: false, code });
  });

  it('410 is permanent and says to stop sending', () => {
    expect(classifyHttpStatus(410, '30', now)).toEqual({
      ok: false,
      code: 'gone',
      kind: 'permanent',
      reason: 'the receiver answered 410 Gone: stop sending',
    });
  });

  it('a 3xx says the redirect was not followed', () => {
    const outcome = classifyHttpStatus(302, undefined, now);
    expect(outcome.ok ? '' : outcome.reason).toContain('redirect');
  });

  it.each([429, 502, 503, 504])('%i honours Retry-After in seconds', (status) => {
    expect(classifyHttpStatus(status, '120', now)).toMatchObject({
      kind: 'retryable',
      retryAfterMs: 120_000,
    });
  });

  it('429 honours Retry-After as an HTTP date', () => {
    const header = new Date(now + 90_000).toUTCString();
    expect(classifyHttpStatus(429, header, now)).toMatchObject({ kind: 'retryable', retryAfterMs: 90_000 });
  });

  it('a retryable status without a readable Retry-After has no retryAfterMs', () => {
    const outcome = classifyHttpStatus(503, 'soon', now);
    expect(outcome).toMatchObject({ kind: 'retryable' });
    expect(outcome).not.toHaveProperty('retryAfterMs');
  });
});

describe('classifyRequestError', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'CERT_HAS_EXPIRED'])(
    '%s is retryable',
    (code) => {
      const error = Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
      expect(classifyRequestError(error).kind).toBe('retryable');
    },
  );

  it('a malformed header value is permanent', () => {
    const error = Object.assign(new TypeError('Invalid character in header content ["x"]'), {
      code: 'ERR_INVALID_CHAR',
    });
    expect(classifyRequestError(error)).toEqual({
      code: 'invalid_request',
      kind: 'permanent',
      reason: 'the request failed (ERR_INVALID_CHAR): Invalid character in header content ["x"]',
    });
  });

  it('a non-error value is retryable and described', () => {
    expect(classifyRequestError('boom')).toEqual({
      code: 'network_error',
      kind: 'retryable',
      reason: 'the request failed: boom',
    });
  });

  it.each([
    ['ECONNREFUSED', 'connection_refused'],
    ['ETIMEDOUT', 'timeout'],
    ['ECONNRESET', 'network_error'],
    ['ENOTFOUND', 'network_error'],
  ])('%s has the code %s', (code, expected) => {
    const error = Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
    expect(classifyRequestError(error).code).toBe(expected);
  });

  it("got's TimeoutError is a timeout", () => {
    const error = Object.assign(new Error('Timeout awaiting request for 5000ms'), { name: 'TimeoutError' });
    expect(classifyRequestError(error).code).toBe('timeout');
  });
});
