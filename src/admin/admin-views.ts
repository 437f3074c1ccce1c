import { randomUUID } from 'node:crypto';
import type { AttemptRecord, DeliveryRecord, EventDetail, EventSummary } from '../store/store.js';

/** The JSON shapes of the admin API and the CLI's `--json`: the store's records with times as ISO strings. */

export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function eventSummaryView(event: EventSummary) {
  return { ...event, receivedAt: iso(event.receivedAt) };
}

export function deliveryView(delivery: DeliveryRecord) {
  return {
    ...delivery,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    leaseUntil: iso(delivery.leaseUntil),
    createdAt: iso(delivery.createdAt),
    updatedAt: iso(delivery.updatedAt),
    deliveredAt: iso(delivery.deliveredAt),
  };
}

export function attemptView(a: AttemptRecord) {
  return {
    round: a.round,
    attempt: a.attempt,
    startedAt: iso(a.startedAt),
    durationMs: a.durationMs,
    outcome: a.outcome,
    httpStatus: a.httpStatus,
    error: a.error,
  };
}

/**
 * One event with its payload, each delivery and each attempt, as JSON text. The payload is the stored raw body,
 * spliced in as received rather than parsed and serialised again: the body was valid JSON when it was accepted,
 * and a payload nested deeper than the serialiser's stack still gets an answer.
 */
export function eventDetailJson(detail: EventDetail, space?: number): string {
  const { id, source, type, dedupeKey, receivedAt, rawBody } = detail.event;
  // A placeholder no stored value can spell (a fresh random id), replaced by the raw body once serialised.
  const marker = `payload:${randomUUID()}`;
  const view = {
    event: { id, source, type, dedupeKey, receivedAt: iso(receivedAt), payload: marker },
    deliveries: detail.deliveries.map(({ delivery, attempts }) => ({
      ...deliveryView(delivery),
      history: attempts.map(attemptView),
    })),
  };
  return JSON.stringify(view, null, space).replace(JSON.stringify(marker), () => rawBody);
}
