import type { JsonObject } from '../types.js';
import type { ArchivedAttempt, RetryWaiting } from './archive-queries.js';
import { eventStatus } from './event-status.js';
import {
  deliveryStatuses,
  type RecordedOutcome,
  type AttemptRecord,
  type DeliveryRecord,
  type DeliveryStatus,
  type EventSummary,
  type StoredEvent,
  type TargetStatusCount,
} from './store.js';

/** Rows as SQLite returns them (and PostgreSQL, same columns), and their mapping to the store's records. */

export interface EventRow {
  id: string;
  source: string;
  type: string;
  dedupe_key: string;
  received_at: number;
  raw_body: string;
}

export interface DeliveryRow {
  id: string;
  event_id: string;
  route: string;
  target: string;
  status: DeliveryStatus;
  attempts: number;
  round: number;
  round_started_at: number;
  next_attempt_at: number | null;
  last_error: string | null;
  dead_reason: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
}

/** A due delivery with its event's columns (`event_*`, null only if the event were missing), from one query. */
export interface DueRow extends Pick<
  DeliveryRow,
  'id' | 'event_id' | 'route' | 'target' | 'status' | 'attempts' | 'round' | 'round_started_at' | 'updated_at'
> {
  event_source: string | null;
  event_type: string | null;
  event_dedupe_key: string | null;
  event_received_at: number | null;
  event_raw_body: string | null;
}

export interface AttemptRow {
  delivery_id: string;
  round: number;
  attempt: number;
  started_at: number;
  duration_ms: number | null;
  outcome: RecordedOutcome;
  http_status: number | null;
  error: string | null;
  message: string | null;
  next_attempt_at: number | null;
}

export interface EventSummaryRow {
  id: string;
  source: string;
  type: string;
  dedupe_key: string;
  received_at: number;
  pending: number;
  in_flight: number;
  delivered: number;
  dead: number;
}

export function toEvent(row: EventRow): StoredEvent {
  let payload: JsonObject | undefined;
  return {
    id: row.id,
    source: row.source,
    type: row.type,
    dedupeKey: row.dedupe_key,
    receivedAt: row.received_at,
    // Parsed on first use: a pass-through delivery sends the raw body and never needs it.
    get payload(): JsonObject {
      return (payload ??= JSON.parse(row.raw_body) as JsonObject);
    },
    rawBody: row.raw_body,
  };
}

/** The event of a due row, or undefined when the row found none. */
export function eventOfDueRow(row: DueRow): StoredEvent | undefined {
  const { event_source: source, event_type: type, event_dedupe_key: dedupeKey } = row;
  const { event_received_at: receivedAt, event_raw_body: rawBody } = row;
  if (source === null || type === null || dedupeKey === null || receivedAt === null || rawBody === null) {
    return undefined;
  }
  return toEvent({
    id: row.event_id,
    source,
    type,
    dedupe_key: dedupeKey,
    received_at: receivedAt,
    raw_body: rawBody,
  });
}

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    route: row.route,
    target: row.target,
    status: row.status,
    attempts: row.attempts,
    round: row.round,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    leaseUntil: row.status === 'in_flight' ? row.next_attempt_at : null,
    lastError: row.last_error,
    deadReason: row.dead_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
  };
}

export function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    deliveryId: row.delivery_id,
    round: row.round,
    attempt: row.attempt,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    outcome: row.outcome,
    httpStatus: row.http_status,
    error: row.error,
  };
}

/** An attempt with what the console shows of it: the message sent and the planned retry. */
export function toArchivedAttempt(row: AttemptRow): ArchivedAttempt {
  return { ...toAttempt(row), message: row.message, nextAttemptAt: row.next_attempt_at };
}

export interface RetryWaitingRow {
  target: string;
  waiting: number;
  next_attempt_at: number;
}

export function toRetryWaiting(row: RetryWaitingRow): RetryWaiting {
  return { target: row.target, waiting: row.waiting, nextAttemptAt: row.next_attempt_at };
}

export function toEventSummary(row: EventSummaryRow): EventSummary {
  const deliveries = {
    pending: row.pending,
    in_flight: row.in_flight,
    delivered: row.delivered,
    dead: row.dead,
  };
  return {
    id: row.id,
    source: row.source,
    type: row.type,
    dedupeKey: row.dedupe_key,
    receivedAt: row.received_at,
    status: eventStatus(deliveries),
    deliveries,
  };
}

/** The order of `countByTargetAndStatus`: by target, then in the order of `deliveryStatuses`. */
export function byTargetThenStatus(a: TargetStatusCount, b: TargetStatusCount): number {
  if (a.target !== b.target) return a.target < b.target ? -1 : 1;
  return deliveryStatuses.indexOf(a.status) - deliveryStatuses.indexOf(b.status);
}
