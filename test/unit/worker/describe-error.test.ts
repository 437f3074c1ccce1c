import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/errors.js';
import { classifyFailure } from '../../../src/worker/classify-failure.js';
import { describeError } from '../../../src/worker/describe-error.js';

describe('describeError', () => {
  it('keeps only the origin of URLs, which may carry credentials in their path or userinfo', () => {
    expect(describeError(new Error('POST https://hooks.slack.com/services/T1/B2/secret failed'))).toBe(
      'POST https://hooks.slack.com/… failed',
    );
    expect(describeError(new Error('smtp://user:pass@mail.example.com:587 refused'))).toBe(
      'smtp://mail.example.com:587/… refused',
    );
  });

  it('masks bearer tokens, Slack tokens and webhook secrets', () => {
    expect(describeError('Authorization: Bearer abc.def;')).toBe('Authorization: Bearer [redacted];');
    expect(describeError(new Error('token xoxb-123-456-abc revoked'))).toBe('token xox?-[redacted] revoked');
    expect(describeError(new Error('bad key whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'))).toBe(
      'bad key whsec_[redacted]',
    );
  });

  it('keeps it to one bounded line', () => {
    expect(describeError(new Error('a\n  b'))).toBe('a b');
    expect(describeError(new Error('x'.repeat(2000)))).toHaveLength(500);
  });
});

describe('classifyFailure', () => {
  it("follows the target's classification", () => {
    const error = new DeliveryError('gone', 'HTTP 410', { status: 410 });
    expect(classifyFailure(error)).toEqual({
      code: 'gone',
      kind: 'permanent',
      retryAfterMs: undefined,
      httpStatus: 410,
      message: 'HTTP 410',
    });
    expect(
      classifyFailure(new DeliveryError('rate_limited', 'slow down', { status: 429, retryAfterMs: 1000 })),
    ).toMatchObject({
      code: 'rate_limited',
      kind: 'retryable',
      retryAfterMs: 1000,
    });
  });

  it('counts anything else thrown as retryable', () => {
    expect(classifyFailure(new TypeError('fetch failed'))).toEqual({
      code: 'unknown',
      kind: 'retryable',
      retryAfterMs: undefined,
      httpStatus: undefined,
      message: 'fetch failed',
    });
  });
});
