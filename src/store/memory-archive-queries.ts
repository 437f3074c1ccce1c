import type { AcceptedEvent } from '../types.js';
import {
  minuteMs,
  summarizeLatencies,
  type ActivityMinute,
  type ArchiveFilter,
  type ArchiveQueries,
  type ArchivedAttempt,
  type EventCursor,
  type RetryWaiting,
} from './archive-queries.js';
import { emptyStatusCounts, eventStatus } from './event-status.js';
import type { DeliveryRecord, EventSummary } from './store.js';

/** What the memory store shows its archive: live views of its maps, and its way of running work. */
export interface MemoryArchiveSource {
  events(): Iterable<AcceptedEvent>;
  deliveries(): readonly DeliveryRecord[];
  attempts(deliveryId: string): readonly ArchivedAttempt[];
  run<T>(work: () => T): Promise<T>;
}

/** The archive questions answered by scanning the memory store: the reference the SQLite queries must match. */
export function createMemoryArchiveQueries(source: MemoryArchiveSource): ArchiveQueries {
  function summaries(): EventSummary[] {
    const byEvent = new Map<string, DeliveryRecord[]>();
    for (const d of source.deliveries()) byEvent.set(d.eventId, [...(byEvent.get(d.eventId) ?? []), d]);
    return [...source.events()].map((event) => {
      const counts = emptyStatusCounts();
      for (const d of byEvent.get(event.id) ?? []) counts[d.status]++;
      const { id, type, dedupeKey, receivedAt } = event;
      return {
        id,
        source: event.source,
        type,
        dedupeKey,
        receivedAt,
        status: eventStatus(counts),
        deliveries: counts,
      };
    });
  }

  return {
    findEvents: (filter, cursor, limit) =>
      source.run(() => {
        const deliveries = source.deliveries();
        const matching = summaries()
          .filter((e) => matches(e, filter, deliveries) && after(e, cursor))
          .sort((a, b) => b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
        const events = matching.slice(0, limit);
        const last = events.at(-1);
        return {
          events,
          next: matching.length > limit && last ? { receivedAt: last.receivedAt, id: last.id } : undefined,
        };
      }),
    attemptsOfEvent: (eventId) =>
      source.run(() =>
        source
          .deliveries()
          .filter((d) => d.eventId === eventId)
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .flatMap((d) =>
            [...source.attempts(d.id)].sort((a, b) => a.round - b.round || a.attempt - b.attempt),
          )
          .map((a) => ({ ...a })),
      ),
    activity: (since, until) =>
      source.run(() => {
        const minutes = new Map<number, ActivityMinute>();
        const bump = (at: number, key: Exclude<keyof ActivityMinute, 'minute'>): void => {
          if (at < since || at >= until) return;
          const minute = Math.floor(at / minuteMs) * minuteMs;
          const row = minutes.get(minute) ?? { minute, events: 0, delivered: 0, retrying: 0, dead: 0 };
          minutes.set(minute, { ...row, [key]: row[key] + 1 });
        };
        for (const event of source.events()) bump(event.receivedAt, 'events');
        for (const d of source.deliveries()) {
          for (const a of source.attempts(d.id)) {
            if (a.outcome === 'success') bump(a.startedAt, 'delivered');
            else if (a.nextAttemptAt !== null) bump(a.startedAt, 'retrying');
            else if (a.durationMs !== null) bump(a.startedAt, 'dead');
          }
        }
        return [...minutes.values()].sort((a, b) => a.minute - b.minute);
      }),
    deliveryLatencies: (since) =>
      source.run(() => {
        const received = new Map([...source.events()].map((e) => [e.id, e.receivedAt]));
        const values = source
          .deliveries()
          .filter((d) => d.status === 'delivered' && d.deliveredAt !== null && d.deliveredAt >= since)
          .map((d) => (d.deliveredAt ?? 0) - (received.get(d.eventId) ?? 0));
        return summarizeLatencies(values);
      }),
    retryWaiting: () =>
      source.run(() => {
        const byTarget = new Map<string, RetryWaiting>();
        for (const d of source.deliveries()) {
          if (d.status !== 'pending' || d.attempts === 0 || d.nextAttemptAt === null) continue;
          const seen = byTarget.get(d.target);
          byTarget.set(d.target, {
            target: d.target,
            waiting: (seen?.waiting ?? 0) + 1,
            nextAttemptAt: Math.min(seen?.nextAttemptAt ?? Infinity, d.nextAttemptAt),
          });
        }
        return [...byTarget.values()].sort((a, b) => (a.target < b.target ? -1 : 1));
      }),
  };
}

function matches(event: EventSummary, filter: ArchiveFilter, deliveries: readonly DeliveryRecord[]): boolean {
  if (filter.source !== undefined && event.source !== filter.source) return false;
  if (filter.type !== undefined && event.type !== filter.type) return false;
  if (filter.status !== undefined && event.status !== filter.status) return false;
  if (filter.from !== undefined && event.receivedAt < filter.from) return false;
  if (filter.to !== undefined && event.receivedAt >= filter.to) return false;
  if (
    filter.target !== undefined &&
    !deliveries.some((d) => d.eventId === event.id && d.target === filter.target)
  )
    return false;
  if (
    filter.search !== undefined &&
    event.id !== filter.search &&
    !deliveries.some((d) => d.id === filter.search && d.eventId === event.id)
  )
    return false;
  return true;
}

function after(event: EventSummary, cursor: EventCursor | undefined): boolean {
  if (!cursor) return true;
  return (
    event.receivedAt < cursor.receivedAt || (event.receivedAt === cursor.receivedAt && event.id < cursor.id)
  );
}
