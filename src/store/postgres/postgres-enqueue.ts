import type { PoolClient } from 'pg';
import type { AcceptedEvent, PlannedDelivery } from '../../types.js';
import type { EnqueueResult } from '../delivery-queue.js';
import { StoreError } from '../../errors.js';
import type { Settled } from '../group-commit.js';
import type { WakeUps } from './wake-ups.js';
import { binaryTextArray } from './binary-text-array.js';
import { PreparedStatements } from './prepared-statements.js';

export interface GroupOptions {
  /** The source's de-duplication window (ms). */
  readonly windowOf: (source: string) => number;
  /** The NOTIFY payload: this replica's id, which its own listener skips. */
  readonly replicaId: string;
  /** Which statements carry the NOTIFY (see wake-ups.ts); without it, every one that accepts an event does. */
  readonly wakeUps?: WakeUps;
  /** Sends the statement prepared (see prepared-statements.ts); without it, a store-less default. */
  readonly statements?: PreparedStatements;
}

export interface EnqueueItem {
  readonly event: AcceptedEvent;
  readonly planned: readonly PlannedDelivery[];
}

/**
 * A group of events in one statement, hence one round trip and one commit however many there are: take each
 * event's (source, dedupe key) row (insert it, or take over one older than the source's window), insert the events
 * whose row was taken, and their deliveries. A row another transaction is inserting makes the statement wait for
 * it, then answer that event as a duplicate, so two replicas receiving one event end with one event.
 *
 * A duplicate's row gets a no-op update: that returns the winning event's id, read after the wait (a second
 * query would need a snapshot of its own). Rows are taken in (source, dedupe key) order, so two groups sharing
 * keys lock them in the same order and cannot deadlock. The wake-up NOTIFY, when an event was accepted, is sent at
 * commit, once per commit (PostgreSQL folds identical notifications of one transaction).
 *
 * The raw bodies go as one `text[]` parameter (`$12`) in PostgreSQL's binary format (see binary-text-array.ts):
 * each body's received bytes (without them, its string encoded once) copied into a buffer of the exact size. So
 * the statement's text is the same for every group size, and each connection prepares it once
 * (`enqueueStatementName`): the server parses and plans it once rather than at every group commit.
 */
export const enqueueStatementName = 'hookgate_enqueue_1';

export const enqueueGroupSql = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $12::text[], $6::bigint[])
      AS i(id, source, type, dedupe_key, received_at, raw_body, window_ms)
  ), keyed AS (
    INSERT INTO dedupe AS d (source, dedupe_key, event_id, received_at)
    SELECT source, dedupe_key, id, received_at FROM input ORDER BY source, dedupe_key
    ON CONFLICT (source, dedupe_key) DO UPDATE SET
      event_id = CASE WHEN d.received_at <= excluded.received_at
        - (SELECT i.window_ms FROM input i WHERE i.id = excluded.event_id)
        THEN excluded.event_id ELSE d.event_id END,
      received_at = CASE WHEN d.received_at <= excluded.received_at
        - (SELECT i.window_ms FROM input i WHERE i.id = excluded.event_id)
        THEN excluded.received_at ELSE d.received_at END
    RETURNING source, dedupe_key, event_id
  ), event AS (
    INSERT INTO events (id, source, type, dedupe_key, received_at, raw_body)
    SELECT i.id, i.source, i.type, i.dedupe_key, i.received_at, i.raw_body
    FROM input i JOIN keyed k ON k.event_id = i.id
    RETURNING id, received_at
  ), planned AS (
    INSERT INTO deliveries (id, event_id, route, target, status, round_started_at, next_attempt_at, created_at,
      updated_at)
    SELECT p.id, e.id, p.route, p.target, 'pending', e.received_at, e.received_at, e.received_at, e.received_at
    FROM unnest($7::text[], $8::text[], $9::text[], $10::text[]) WITH ORDINALITY AS p(event_id, id, route, target, n)
    JOIN event e ON e.id = p.event_id
    ORDER BY p.n
  )
  SELECT k.source, k.dedupe_key, k.event_id,
    CASE WHEN e.id IS NOT NULL AND $11::text IS NOT NULL THEN pg_notify('hookgate_work', $11) END AS notified
  FROM keyed k LEFT JOIN event e ON e.id = k.event_id`;

/**
 * Enqueues events whose (source, dedupe key) pairs are distinct (see `inRounds`) with `enqueueGroupSql`, outside
 * any explicit transaction: the single statement commits by itself. Resolves with each item's outcome, in order.
 */
export async function enqueueGroup(
  client: PoolClient,
  items: readonly EnqueueItem[],
  options: GroupOptions,
): Promise<EnqueueResult[]> {
  const notify = options.wakeUps?.take() ?? true;
  const values = groupParameters(items, options, notify);
  const { rows } = await (options.statements ?? new PreparedStatements()).query<{
    source: string;
    dedupe_key: string;
    event_id: string;
  }>(client, enqueueStatementName, enqueueGroupSql, values);
  // Every item's row is returned: taken (its own id) or a duplicate's no-op update (the winner's id).
  const holder = new Map<string, string>();
  for (const row of rows) holder.set(keyOf(row.source, row.dedupe_key), row.event_id);
  const results = items.map(({ event }): EnqueueResult => {
    const eventId = holder.get(keyOf(event.source, event.dedupeKey));
    if (eventId === undefined) {
      throw new StoreError('a duplicate event vanished while it was checked', { transient: true });
    }
    return eventId === event.id ? { outcome: 'accepted', eventId } : { outcome: 'duplicate', eventId };
  });
  if (!notify && results.some((result) => result.outcome === 'accepted')) options.wakeUps?.owed();
  return results;
}

/**
 * The statement's parameters: the events as columns, every planned delivery with its event's id, the NOTIFY
 * payload (null: this statement sends none), the bodies (their received bytes where the event has them).
 */
export function groupParameters(
  items: readonly EnqueueItem[],
  { windowOf, replicaId }: GroupOptions,
  notify = true,
): unknown[] {
  const deliveries = items.flatMap(({ event, planned }) => planned.map((p) => ({ eventId: event.id, ...p })));
  return [
    items.map((item) => item.event.id),
    items.map((item) => item.event.source),
    items.map((item) => item.event.type),
    items.map((item) => item.event.dedupeKey),
    items.map((item) => item.event.receivedAt),
    items.map((item) => windowOf(item.event.source)),
    deliveries.map((d) => d.eventId),
    deliveries.map((d) => d.id),
    deliveries.map((d) => d.route),
    deliveries.map((d) => d.target),
    notify ? replicaId : null,
    // The received bytes when ingest kept them (`rawBody` is their decoding): copied, not encoded again.
    binaryTextArray(items.map(({ event }) => event.rawBytes ?? event.rawBody)),
  ];
}

/**
 * Enqueues a group commit's items: one statement per round (one in all unless a key repeats within the group),
 * each on a connection `run` lends. Should a round fail, each of its items is tried alone, so one bad item (a
 * delivery id that exists) fails alone; the rounds before it have committed and keep their outcomes.
 */
export async function enqueueInRounds(
  run: <R>(work: (client: PoolClient) => Promise<R>) => Promise<R>,
  items: readonly EnqueueItem[],
  options: GroupOptions,
): Promise<Settled<EnqueueResult>[]> {
  const settled: Settled<EnqueueResult>[] = [];
  const write = async (round: readonly Entry[]): Promise<void> => {
    const results = await run((client) =>
      enqueueGroup(
        client,
        round.map((entry) => entry.item),
        options,
      ),
    );
    round.forEach(({ index }, i) => {
      const value = results[i];
      settled[index] = value ? { ok: true, value } : { ok: false, error: missingResult() };
    });
  };
  for (const round of inRounds(items)) {
    try {
      await write(round);
    } catch (error) {
      await Promise.all(
        round.map(async (entry) => {
          try {
            if (round.length === 1) throw error;
            await write([entry]);
          } catch (itemError) {
            settled[entry.index] = { ok: false, error: itemError };
          }
        }),
      );
    }
  }
  return settled;
}

interface Entry {
  readonly index: number;
  readonly item: EnqueueItem;
}

/**
 * Pure: splits a group into rounds in which each (source, dedupe key) appears once, keeping arrival order (the
 * n-th arrival of a key goes to round n). One statement may not update a row twice; a later round finds the
 * earlier round's row and answers by the same window rule as two separate requests would get.
 */
export function inRounds(items: readonly EnqueueItem[]): Entry[][] {
  const rounds: Entry[][] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const key = keyOf(item.event.source, item.event.dedupeKey);
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push({ index, item });
  });
  return rounds;
}

function missingResult(): StoreError {
  return new StoreError('a grouped enqueue returned too few results');
}

function keyOf(source: string, dedupeKey: string): string {
  return `${source.length}:${source}${dedupeKey}`;
}
