import type { Database } from 'better-sqlite3';
import type { AcceptedEvent, PlannedDelivery } from '../types.js';
import type { EnqueueResult } from './delivery-queue.js';
import type { Settled } from './group-commit.js';
import type { Statements } from './sqlite-statements.js';
import { dedupeWindowFor, type DedupeWindow } from './store.js';

export interface EnqueueItem {
  readonly event: AcceptedEvent;
  readonly planned: readonly PlannedDelivery[];
}

/** Deliveries per INSERT statement on intake (8 values a row, far below SQLite's 32,766 bound values). */
const maxDeliveryRows = 64;

/** Values per delivery row in `prepareInsertDeliveries`: id, event id, route, target, then `at` four times. */
const deliveryRowValues = 8;

/**
 * One INSERT of `rows` new deliveries, their values flattened in one array (`rows` times `DeliveryRowValues`).
 * The deliveries of a group commit go in one statement per up to 64 rows instead of one per row: each
 * statement run is a call into better-sqlite3, a bind and a reset, and per row that cost about 2-3 µs more in a
 * store-only test (16 rows: 7-8.6 against 4.8-5.8 µs a row). `at` is bound four times: better-sqlite3 does not
 * bind numbered parameters (?5) positionally.
 */
function prepareInsertDeliveries(db: Database, rows: number) {
  const row = `(?, ?, ?, ?, 'pending', 0, 1, ?, ?, ?, ?)`;
  return db.prepare<[(string | number)[]]>(
    `INSERT INTO deliveries (id, event_id, route, target, status, attempts, round, round_started_at,
       next_attempt_at, created_at, updated_at)
     VALUES ${Array.from({ length: rows }, () => row).join(', ')}`,
  );
}

/**
 * The intake's transactions, made once when the store opens: `one` enqueues one event, `many` a group commit's
 * batch. One transaction for the whole batch, without a savepoint per event (those cost about a quarter of the
 * enqueue). Should an event fail, the batch rolls back and each event is committed alone instead.
 */
export function prepareEnqueue(
  db: Database,
  s: Pick<Statements, 'findDuplicate' | 'insertEvent'>,
  dedupeWindow: DedupeWindow,
) {
  const deliveryInserts = new Map<number, ReturnType<typeof prepareInsertDeliveries>>();

  /** The statement inserting `rows` deliveries, prepared on first use (at most `maxDeliveryRows` of them). */
  function insertDeliveries(rows: number): ReturnType<typeof prepareInsertDeliveries> {
    let statement = deliveryInserts.get(rows);
    if (!statement) {
      statement = prepareInsertDeliveries(db, rows);
      deliveryInserts.set(rows, statement);
    }
    return statement;
  }

  /** Inserts the event unless it is a duplicate; its deliveries' values are appended to `deliveryValues`. */
  function insertEvent({ event, planned }: EnqueueItem, deliveryValues: (string | number)[]): EnqueueResult {
    const window = dedupeWindowFor(dedupeWindow, event.source);
    const duplicate = s.findDuplicate.get(event.source, event.dedupeKey, event.receivedAt - window);
    if (duplicate) return { outcome: 'duplicate', eventId: duplicate.id };
    s.insertEvent.run(
      event.id,
      event.source,
      event.type,
      event.dedupeKey,
      event.receivedAt,
      event.rawBytes ?? event.rawBody,
    );
    const at = event.receivedAt;
    for (const p of planned) deliveryValues.push(p.id, event.id, p.route, p.target, at, at, at, at);
    return { outcome: 'accepted', eventId: event.id };
  }

  /**
   * Inserts the events one by one (each sees the ones before it for dedupe), then the deliveries of those
   * accepted, in their order, in as few statements as `maxDeliveryRows` allows. Any failure throws, and the
   * caller's transaction rolls back all of it.
   */
  function insertEvents(items: readonly EnqueueItem[]): EnqueueResult[] {
    const deliveryValues: (string | number)[] = [];
    const results = items.map((item) => insertEvent(item, deliveryValues));
    const chunk = maxDeliveryRows * deliveryRowValues;
    for (let start = 0; start < deliveryValues.length; start += chunk) {
      const values =
        start === 0 && deliveryValues.length <= chunk
          ? deliveryValues
          : deliveryValues.slice(start, start + chunk);
      insertDeliveries(values.length / deliveryRowValues).run(values);
    }
    return results;
  }

  return {
    one: db.transaction((item: EnqueueItem) => insertEvents([item])[0] as EnqueueResult),
    many: db.transaction((items: readonly EnqueueItem[]) =>
      insertEvents(items).map((value): Settled<EnqueueResult> => ({ ok: true, value })),
    ),
  };
}
