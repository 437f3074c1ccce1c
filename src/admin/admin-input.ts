import { RequestError } from '../errors.js';
import {
  deliveryStatuses,
  eventStatuses,
  type DeliveryStatus,
  type EventStatus,
  type PurgeRequest,
} from '../store/store.js';
import { parseAge } from './parse-age.js';

/** Checks of admin input shared by the HTTP API and the CLI; each throws a 400 `RequestError` saying what is wrong. */

export const defaultListLimit = 50;
export const maxListLimit = 1000;
/** The default dedupe window: purging younger events would let their repeats in again. */
export const defaultPurgeAge = '24h';

type PurgeStatus = PurgeRequest['statuses'][number];
const purgeStatuses: readonly PurgeStatus[] = ['pending', 'delivered', 'dead'];

export function parseEventStatus(value: string | undefined): EventStatus | undefined {
  return oneOf(value, eventStatuses, 'status');
}

export function parseDeliveryStatus(value: string | undefined): DeliveryStatus | undefined {
  return oneOf(value, deliveryStatuses, 'status');
}

export function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') return defaultListLimit;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxListLimit) {
    throw badRequest(`limit must be a whole number from 1 to ${maxListLimit}`);
  }
  return limit;
}

/** Statuses to purge, comma-separated (default: delivered), and the age they must have (default 24h). */
export function parsePurge(
  status: string | undefined,
  olderThan: string | undefined,
  now: number,
): PurgeRequest & { readonly olderThanMs: number } {
  const names = (status ?? 'delivered').split(',').map((s) => s.trim());
  const statuses = names.map((name) => {
    const parsed = oneOf(name, purgeStatuses, 'status');
    if (parsed === undefined) throw badRequest('status must not be empty');
    return parsed;
  });
  const olderThanMs = parseAge(olderThan ?? defaultPurgeAge);
  if (olderThanMs === undefined) throw badRequest('olderThan must be an age such as 7d, 12h, 30m or 0');
  return { statuses: [...new Set(statuses)], before: now - olderThanMs, olderThanMs };
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
): T | undefined {
  if (value === undefined || value === '') return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw badRequest(`${name} must be one of ${allowed.join(', ')}`);
}

function badRequest(message: string): RequestError {
  return new RequestError(400, 'bad_request', message);
}
