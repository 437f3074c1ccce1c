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

/** One event with its payload, each delivery and each attempt (the raw body is left out: the payload says it). */
export function eventDetailView(detail: EventDetail) {
  const { id, source, type, dedupeKey, receivedAt, payload } = detail.event;
  return {
    event: { id, source, type, dedupeKey, receivedAt: iso(receivedAt), payload },
    deliveries: detail.deliveries.map(({ delivery, attempts }) => ({
      ...deliveryView(delivery),
      history: attempts.map(attemptView),
    })),
  };
}
