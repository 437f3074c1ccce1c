import { describe, expect, it } from 'vitest';
import {
  defaultListLimit,
  maxListLimit,
  parseDeliveryStatus,
  parseEventStatus,
  parseLimit,
  parsePurge,
} from '../../../src/admin/admin-input.js';
import { RequestError } from '../../../src/errors.js';

const now = Date.UTC(2025, 5, 1, 12);
const hour = 3_600_000;

function badRequest(run: () => unknown): RequestError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RequestError);
    const requestError = error as RequestError;
    expect(requestError.status).toBe(400);
    expect(requestError.code).toBe('bad_request');
    return requestError;
  }
  throw new Error('expected a 400 RequestError, but nothing was thrown');
}

describe('parseEventStatus', () => {
  it.each(['pending', 'delivered', 'dead', 'unrouted'] as const)('accepts %s', (status) => {
    expect(parseEventStatus(status)).toBe(status);
  });

  it('gives undefined (no filter) for a missing or empty value', () => {
    expect(parseEventStatus(undefined)).toBeUndefined();
    expect(parseEventStatus('')).toBeUndefined();
  });

  it('rejects another value with 400 listing the allowed ones', () => {
    expect(badRequest(() => parseEventStatus('in_flight')).message).toBe(
      'status must be one of pending, delivered, dead, unrouted',
    );
    badRequest(() => parseEventStatus('Dead'));
  });
});

describe('parseDeliveryStatus', () => {
  it.each(['pending', 'in_flight', 'delivered', 'dead'] as const)('accepts %s', (status) => {
    expect(parseDeliveryStatus(status)).toBe(status);
  });

  it('gives undefined for a missing value and rejects one that only events have', () => {
    expect(parseDeliveryStatus(undefined)).toBeUndefined();
    expect(badRequest(() => parseDeliveryStatus('unrouted')).message).toBe(
      'status must be one of pending, in_flight, delivered, dead',
    );
  });
});

describe('parseLimit', () => {
  it('defaults a missing or empty limit', () => {
    expect(parseLimit(undefined)).toBe(defaultListLimit);
    expect(parseLimit('')).toBe(defaultListLimit);
  });

  it('accepts whole numbers from 1 to the maximum', () => {
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit(String(maxListLimit))).toBe(maxListLimit);
  });

  it.each(['0', '-5', '1.5', 'ten', String(maxListLimit + 1), 'Infinity', '1e9'])(
    'rejects %j with 400',
    (value) => {
      expect(badRequest(() => parseLimit(value)).message).toBe(
        `limit must be a whole number from 1 to ${maxListLimit}`,
      );
    },
  );
});

describe('parsePurge', () => {
  it('defaults to delivered events older than 24h', () => {
    expect(parsePurge(undefined, undefined, now)).toEqual({
      statuses: ['delivered'],
      before: now - 24 * hour,
      olderThanMs: 24 * hour,
    });
  });

  it('reads a comma-separated status list with spaces, dropping repeats, and an age', () => {
    expect(parsePurge('dead, delivered,dead', '7d', now)).toEqual({
      statuses: ['dead', 'delivered'],
      before: now - 7 * 24 * hour,
      olderThanMs: 7 * 24 * hour,
    });
  });

  it('accepts an age of 0 (everything up to now)', () => {
    expect(parsePurge('pending', '0', now)).toMatchObject({
      statuses: ['pending'],
      before: now,
      olderThanMs: 0,
    });
  });

  it('refuses in_flight, which is never purged', () => {
    expect(badRequest(() => parsePurge('in_flight', '1d', now)).message).toBe(
      'status must be one of pending, delivered, dead',
    );
  });

  it.each(['', 'dead,', ',dead', 'dead,,delivered'])(
    'refuses the status list %j with an empty entry',
    (status) => {
      expect(badRequest(() => parsePurge(status, '1d', now)).message).toBe('status must not be empty');
    },
  );

  it.each(['', 'soon', '-1d', '1y'])('refuses the age %j', (age) => {
    expect(badRequest(() => parsePurge('dead', age, now)).message).toBe(
      'olderThan must be an age such as 7d, 12h, 30m or 0',
    );
  });
});
