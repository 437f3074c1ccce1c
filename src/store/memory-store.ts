import { StoreError } from '../errors.js';
import type { EnqueueResult } from './delivery-queue.js';
import type { AcceptedEvent, PlannedDelivery } from '../types.js';
import type { ArchiveQueries, ArchivedAttempt, ArchivedStore } from './archive-queries.js';
import { emptyStatusCounts, eventStatus } from './event-status.js';
import { createMemoryArchiveQueries } from './memory-archive-queries.js';
import {
  dedupeWindowFor,
  defaultDedupeWindowMs,
  deliveryStatuses,
  interruptedAttemptError,
  type AttemptRecord,
  type AttemptResult,
  type ClaimRequest,
  type ClaimedDelivery,
  type DedupeWindow,
  type DeliveryQuery,
  type DeliveryRecord,
  type DeliveryStatus,
  type DueTarget,
  type EventDetail,
  type EventQuery,
  type EventSummary,
  type Lease,
  type NextState,
  type PurgeRequest,
  type PurgeResult,
  type ReplayResult,
  type Store,
  type TargetStatusCount,
} from './store.js';

export interface MemoryStoreOptions {
  readonly dedupeWindowMs?: DedupeWindow;
}

/** A store kept in memory: for tests, and as proof that the `Store` interface does not assume SQLite. */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store & ArchivedStore {
  return new MemoryStore(options.dedupeWindowMs ?? defaultDedupeWindowMs);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface DeliveryRow extends Omit<Mutable<DeliveryRecord>, 'nextAttemptAt' | 'leaseUntil'> {
  /** Pending: when due. In flight: when the lease runs out (and the delivery is due again). */
  dueAt: number | null;
  /** A multi-step target's progress, valid for its round only. */
  progress?: { readonly round: number; readonly text: string };
  roundStartedAt: number;
  seq: number;
}

class MemoryStore implements Store, ArchivedStore {
  private readonly events = new Map<string, AcceptedEvent>();
  private readonly eventsBySourceKey = new Map<string, string[]>();
  private readonly deliveries = new Map<string, DeliveryRow>();
  private readonly attempts = new Map<string, ArchivedAttempt[]>();
  readonly archive: ArchiveQueries = createMemoryArchiveQueries({
    events: () => this.events.values(),
    deliveries: () => [...this.deliveries.values()].map(toRecord),
    attempts: (deliveryId) => this.attempts.get(deliveryId) ?? [],
    run: (work) => this.run(work),
  });
  private seq = 0;
  private closed = false;

  constructor(private readonly dedupeWindow: DedupeWindow) {}

  enqueue(event: AcceptedEvent, planned: readonly PlannedDelivery[]): Promise<EnqueueResult> {
    return this.run(() => {
      const key = sourceKey(event);
      const since = event.receivedAt - dedupeWindowFor(this.dedupeWindow, event.source);
      const previous = (this.eventsBySourceKey.get(key) ?? [])
        .map((id) => this.events.get(id))
        .findLast((e) => e !== undefined && e.receivedAt > since);
      if (previous) return { outcome: 'duplicate', eventId: previous.id };
      if (this.events.has(event.id)) throw new StoreError(`event ${event.id} already exists`);
      const ids = new Set(planned.map((p) => p.id));
      if (ids.size !== planned.length || planned.some((p) => this.deliveries.has(p.id))) {
        throw new StoreError(`a delivery id of event ${event.id} already exists`);
      }
      // Shallow: events are immutable once accepted, and deep-cloning a 13 KB payload per event would make this
      // double slower than the SQLite store it stands in for.
      this.events.set(event.id, { ...event });
      this.eventsBySourceKey.set(key, [...(this.eventsBySourceKey.get(key) ?? []), event.id]);
      for (const p of planned) {
        this.deliveries.set(p.id, {
          id: p.id,
          eventId: event.id,
          route: p.route,
          target: p.target,
          status: 'pending',
          attempts: 0,
          round: 1,
          roundStartedAt: event.receivedAt,
          dueAt: event.receivedAt,
          lastError: null,
          deadReason: null,
          createdAt: event.receivedAt,
          updatedAt: event.receivedAt,
          deliveredAt: null,
          seq: this.seq++,
        });
      }
      return { outcome: 'accepted', eventId: event.id };
    });
  }

  claimDue(request: ClaimRequest): Promise<readonly ClaimedDelivery[]> {
    return this.run(() => {
      const due = [...this.deliveries.values()]
        .filter(
          (d) => d.target === request.target && isClaimable(d) && d.dueAt !== null && d.dueAt <= request.now,
        )
        .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0) || a.seq - b.seq)
        .slice(0, Math.max(0, request.limit));
      return due.map((row) => {
        if (row.status === 'in_flight') this.recordInterrupted(row);
        const leaseUntil = request.now + request.leaseMs;
        Object.assign(row, {
          status: 'in_flight',
          attempts: row.attempts + 1,
          dueAt: leaseUntil,
          updatedAt: request.now,
        });
        const event = this.events.get(row.eventId);
        if (!event) throw new StoreError(`delivery ${row.id} has no event`);
        return {
          job: {
            id: row.id,
            eventId: row.eventId,
            route: row.route,
            target: row.target,
            attempt: row.attempts,
            round: row.round,
            // Shallow, as stored: events are immutable, and a deep clone recurses as deep as the payload nests.
            event: { ...event },
          },
          lease: { deliveryId: row.id, round: row.round, attempt: row.attempts },
          leaseUntil,
          roundStartedAt: row.roundStartedAt,
        };
      });
    });
  }

  dueTargets(): Promise<readonly DueTarget[]> {
    return this.run(() => {
      const byTarget = new Map<string, number>();
      for (const d of this.deliveries.values()) {
        if (!isClaimable(d) || d.dueAt === null) continue;
        byTarget.set(d.target, Math.min(byTarget.get(d.target) ?? Infinity, d.dueAt));
      }
      return [...byTarget]
        .map(([target, dueAt]) => ({ target, dueAt }))
        .sort((a, b) => (a.target < b.target ? -1 : 1));
    });
  }

  recordAttempt(attempt: AttemptResult, next: NextState): Promise<'recorded' | 'stale'> {
    return this.run(() => {
      const row = this.leased(attempt.lease);
      if (!row) return 'stale';
      this.pushAttempt({
        deliveryId: row.id,
        round: row.round,
        attempt: row.attempts,
        startedAt: attempt.startedAt,
        durationMs: attempt.durationMs,
        outcome: attempt.outcome,
        httpStatus: attempt.httpStatus ?? null,
        error: attempt.error ?? null,
        message: attempt.message ?? null,
        nextAttemptAt: next.status === 'pending' ? next.nextAttemptAt : null,
      });
      row.status = next.status;
      row.updatedAt = next.at;
      if (attempt.error !== undefined) row.lastError = attempt.error;
      row.dueAt = next.status === 'pending' ? next.nextAttemptAt : null;
      if (next.status === 'delivered') row.deliveredAt = next.at;
      if (next.status === 'dead') row.deadReason = next.reason;
      return 'recorded';
    });
  }

  release(lease: Lease, now: number): Promise<'released' | 'stale'> {
    return this.run(() => {
      const row = this.leased(lease);
      if (!row) return 'stale';
      Object.assign(row, { status: 'pending', attempts: row.attempts - 1, dueAt: now, updatedAt: now });
      return 'released';
    });
  }

  recoverInFlight(now: number): Promise<number> {
    return this.run(() => {
      let count = 0;
      for (const row of this.deliveries.values()) {
        if (row.status !== 'in_flight') continue;
        this.recordInterrupted(row);
        Object.assign(row, { status: 'pending', dueAt: now, updatedAt: now });
        count++;
      }
      return count;
    });
  }

  loadProgress(lease: Lease): Promise<string | undefined> {
    return this.run(() => {
      const progress = this.deliveries.get(lease.deliveryId)?.progress;
      return progress?.round === lease.round ? progress.text : undefined;
    });
  }

  saveProgress(lease: Lease, progress: string, leaseUntil: number): Promise<'saved' | 'stale'> {
    return this.run(() => {
      const row = this.leased(lease);
      if (!row) return 'stale';
      row.progress = { round: lease.round, text: progress };
      row.dueAt = leaseUntil;
      return 'saved';
    });
  }

  listEvents(query: EventQuery): Promise<readonly EventSummary[]> {
    return this.run(() => {
      const summaries: EventSummary[] = [];
      const newestFirst = [...this.events.values()].sort(
        (a, b) => b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : -1),
      );
      for (const event of newestFirst) {
        if (summaries.length >= query.limit) break;
        const counts = emptyStatusCounts();
        for (const d of this.deliveriesOf(event.id)) counts[d.status]++;
        const status = eventStatus(counts);
        if (query.status !== undefined && status !== query.status) continue;
        const { id, source, type, dedupeKey, receivedAt } = event;
        summaries.push({ id, source, type, dedupeKey, receivedAt, status, deliveries: counts });
      }
      return summaries;
    });
  }

  getEvent(id: string): Promise<EventDetail | undefined> {
    return this.run(() => {
      const event = this.events.get(id);
      if (!event) return undefined;
      return {
        // Shallow, as stored: events are immutable, and a deep clone recurses as deep as the payload nests.
        event: { ...event },
        deliveries: this.deliveriesOf(id).map((row) => ({
          delivery: toRecord(row),
          attempts: (this.attempts.get(row.id) ?? []).map(toAttemptRecord),
        })),
      };
    });
  }

  listDeliveries(query: DeliveryQuery): Promise<readonly DeliveryRecord[]> {
    return this.run(() => {
      return [...this.deliveries.values()]
        .filter(
          (d) =>
            (query.status === undefined || d.status === query.status) &&
            (query.target ?? d.target) === d.target,
        )
        .sort((a, b) => b.updatedAt - a.updatedAt || b.seq - a.seq)
        .slice(0, query.limit)
        .map(toRecord);
    });
  }

  replay(deliveryId: string, now: number): Promise<ReplayResult> {
    return this.run(() => {
      const row = this.deliveries.get(deliveryId);
      if (!row) return { outcome: 'not_found' };
      if (row.status === 'in_flight') return { outcome: 'in_flight' };
      startNewRound(row, now);
      return { outcome: 'replayed', delivery: toRecord(row) };
    });
  }

  replayDead(target: string, now: number): Promise<number> {
    return this.run(() => {
      let count = 0;
      for (const row of this.deliveries.values()) {
        if (row.target !== target || row.status !== 'dead') continue;
        startNewRound(row, now);
        count++;
      }
      return count;
    });
  }

  purge(request: PurgeRequest): Promise<PurgeResult> {
    return this.run(() => {
      const statuses = new Set<DeliveryStatus>(request.statuses);
      let deliveries = 0;
      for (const row of [...this.deliveries.values()]) {
        if (!statuses.has(row.status) || row.updatedAt >= request.before) continue;
        this.deleteDelivery(row.id);
        deliveries++;
      }
      let events = 0;
      for (const event of [...this.events.values()]) {
        if (event.receivedAt >= request.before || this.deliveriesOf(event.id).length > 0) continue;
        this.deleteEvent(event);
        events++;
      }
      return { deliveries, events };
    });
  }

  deleteDeliveredBefore(before: number): Promise<number> {
    return this.run(() => {
      let count = 0;
      for (const event of [...this.events.values()]) {
        if (event.receivedAt >= before) continue;
        const rows = this.deliveriesOf(event.id);
        if (rows.some((d) => d.status !== 'delivered')) continue;
        for (const row of rows) this.deleteDelivery(row.id);
        this.deleteEvent(event);
        count++;
      }
      return count;
    });
  }

  countByTargetAndStatus(): Promise<readonly TargetStatusCount[]> {
    return this.run(() => {
      const counts = new Map<string, Record<DeliveryStatus, number>>();
      for (const d of this.deliveries.values()) {
        const forTarget = counts.get(d.target) ?? emptyStatusCounts();
        forTarget[d.status]++;
        counts.set(d.target, forTarget);
      }
      return [...counts.keys()]
        .sort()
        .flatMap((target) =>
          deliveryStatuses
            .map((status) => ({ target, status, count: counts.get(target)?.[status] ?? 0 }))
            .filter((c) => c.count > 0),
        );
    });
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Runs synchronous work as the async interface promises it: failures become rejections. */
  private run<T>(work: () => T): Promise<T> {
    try {
      if (this.closed) throw new StoreError('the store is closed', { transient: true });
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new StoreError(String(error)));
    }
  }

  private leased(lease: Lease): DeliveryRow | undefined {
    const row = this.deliveries.get(lease.deliveryId);
    const current =
      row?.status === 'in_flight' && row.round === lease.round && row.attempts === lease.attempt;
    return current ? row : undefined;
  }

  private recordInterrupted(row: DeliveryRow): void {
    this.pushAttempt({
      deliveryId: row.id,
      round: row.round,
      attempt: row.attempts,
      startedAt: row.updatedAt,
      durationMs: null,
      outcome: 'retryable',
      httpStatus: null,
      error: interruptedAttemptError,
      message: null,
      nextAttemptAt: null,
    });
    row.lastError = interruptedAttemptError;
  }

  private pushAttempt(attempt: ArchivedAttempt): void {
    const list = this.attempts.get(attempt.deliveryId) ?? [];
    list.push(attempt);
    this.attempts.set(attempt.deliveryId, list);
  }

  private deliveriesOf(eventId: string): DeliveryRow[] {
    return [...this.deliveries.values()].filter((d) => d.eventId === eventId);
  }

  private deleteDelivery(id: string): void {
    this.deliveries.delete(id);
    this.attempts.delete(id);
  }

  private deleteEvent(event: AcceptedEvent): void {
    this.events.delete(event.id);
    const key = sourceKey(event);
    const rest = (this.eventsBySourceKey.get(key) ?? []).filter((id) => id !== event.id);
    if (rest.length > 0) this.eventsBySourceKey.set(key, rest);
    else this.eventsBySourceKey.delete(key);
  }
}

function toAttemptRecord(attempt: ArchivedAttempt): AttemptRecord {
  const { deliveryId, round, attempt: n, startedAt, durationMs, outcome, httpStatus, error } = attempt;
  return { deliveryId, round, attempt: n, startedAt, durationMs, outcome, httpStatus, error };
}

function sourceKey(event: AcceptedEvent): string {
  return `${event.source}\u0000${event.dedupeKey}`;
}

function isClaimable(row: DeliveryRow): boolean {
  return row.status === 'pending' || row.status === 'in_flight';
}

function startNewRound(row: DeliveryRow, now: number): void {
  Object.assign(row, {
    status: 'pending',
    attempts: 0,
    round: row.round + 1,
    roundStartedAt: now,
    dueAt: now,
    deadReason: null,
    deliveredAt: null,
    updatedAt: now,
  });
}

function toRecord(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    eventId: row.eventId,
    route: row.route,
    target: row.target,
    status: row.status,
    attempts: row.attempts,
    round: row.round,
    nextAttemptAt: row.status === 'pending' ? row.dueAt : null,
    leaseUntil: row.status === 'in_flight' ? row.dueAt : null,
    lastError: row.lastError,
    deadReason: row.deadReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deliveredAt: row.deliveredAt,
  };
}
