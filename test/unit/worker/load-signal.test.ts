import { describe, expect, it } from 'vitest';
import type { ClassifiedFailure } from '../../../src/worker/classify-failure.js';
import { loadSignalOf } from '../../../src/worker/load-signal.js';

function failure(kind: ClassifiedFailure['kind'], httpStatus?: number): ClassifiedFailure {
  const code = kind === 'retryable' ? 'network_error' : 'http_4xx';
  return { code, kind, httpStatus, retryAfterMs: undefined, message: 'x' };
}

describe('loadSignalOf', () => {
  it('a success is ok', () => expect(loadSignalOf(undefined)).toBe('ok'));

  it('429, 408, 5xx and a retryable failure without an answer are overload', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(loadSignalOf(failure('retryable', status))).toBe('overload');
    }
    expect(loadSignalOf(failure('retryable'))).toBe('overload');
  });

  it('other answers and failures before sending say nothing about load', () => {
    expect(loadSignalOf(failure('permanent', 400))).toBe('neutral');
    expect(loadSignalOf(failure('permanent', 404))).toBe('neutral');
    expect(loadSignalOf(failure('permanent'))).toBe('neutral');
  });
});
