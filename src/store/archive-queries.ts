import type { AttemptRecord, EventStatus, EventSummary } from './store.js';

/**
 * Read-only questions the operator console asks of the archive of events, deliveries and attempts. Kept apart
 * from `Store` so another store (PostgreSQL) can answer them with its own queries without touching the queue's
 * contract. Implementations must pass `test/contract/archive-contract.ts`.
 */
export interface ArchiveQueries {
  /**
   * Events newest first (by received time, then id), filtered; a page at a time by keyset on (receivedAt, id):
   * the page after `cursor` costs the same however deep it is.
   */
  findEvents(filter: ArchiveFilter, cursor: EventCursor | undefined, limit: number): Promise<EventPage>;
  /** Every attempt of the event's deliveries, oldest first per delivery, with what the target got. */
  attemptsOfEvent(eventId: string): Promise<readonly ArchivedAttempt[]>;
  /** Per minute in [since, until): events received and attempts by result. Minutes with nothing are left out. */
  activity(since: number, until: number): Promise<readonly ActivityMinute[]>;
  /** Receipt → delivery latency of deliveries delivered since `since`. */
  deliveryLatencies(since: number): Promise<LatencySummary>;
  /** Per target: deliveries waiting for a retry (attempted before, pending again) and the next one due. */
  retryWaiting(): Promise<readonly RetryWaiting[]>;
}

export interface ArchiveFilter {
  readonly source?: string | undefined;
  readonly type?: string | undefined;
  readonly status?: EventStatus | undefined;
  /** Events with at least one delivery to this target. */
  readonly target?: string | undefined;
  /** Received at or after (ms). */
  readonly from?: number | undefined;
  /** Received before (ms). */
  readonly to?: number | undefined;
  /** An event id, or a delivery id (then its event). */
  readonly search?: string | undefined;
}

/** The last event of a page: the next page starts just after it. */
export interface EventCursor {
  readonly receivedAt: number;
  readonly id: string;
}

export interface EventPage {
  readonly events: readonly EventSummary[];
  /** Undefined on the last page. */
  readonly next: EventCursor | undefined;
}

export interface ArchivedAttempt extends AttemptRecord {
  /** What the target was sent in this attempt, redacted (JSON text), or null when not recorded. */
  readonly message: string | null;
  /** When the attempt failed and a retry was planned: when. */
  readonly nextAttemptAt: number | null;
}

export interface ActivityMinute {
  /** Start of the minute (ms). */
  readonly minute: number;
  readonly events: number;
  readonly delivered: number;
  readonly retrying: number;
  readonly dead: number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

export interface RetryWaiting {
  readonly target: string;
  readonly waiting: number;
  readonly nextAttemptAt: number;
}

/** A store that can also answer the console's questions. */
export interface ArchivedStore {
  readonly archive: ArchiveQueries;
}

export const minuteMs = 60_000;

/** The value at `fraction` (0..1) of sorted numbers, nearest rank; null when there are none. */
export function percentileOf(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] ?? null;
}

export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentileOf(sorted, 0.5), p99Ms: percentileOf(sorted, 0.99) };
}
