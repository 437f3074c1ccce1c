import type { PoolClient } from 'pg';
import {
  minuteMs,
  type ArchiveFilter,
  type ArchiveQueries,
  type EventCursor,
  type LatencySummary,
} from '../archive-queries.js';
import {
  eventFilterConditions,
  mergeActivity,
  type AttemptsInMinute,
  type EventsInMinute,
} from '../archive-sql.js';
import {
  toArchivedAttempt,
  toEventSummary,
  toRetryWaiting,
  type AttemptRow,
  type EventSummaryRow,
  type RetryWaitingRow,
} from '../sqlite-rows.js';
import { attemptsOfEventSql, summaryColumns } from './postgres-sql.js';

/** Runs work on a pooled connection, with the store's error mapping and close tracking. */
type Query = <T>(work: (client: PoolClient) => Promise<T>) => Promise<T>;

// Integer division of bigint milliseconds: the minute number.
const eventsPerMinuteSql = `
  SELECT received_at / ${minuteMs} AS minute, count(*)::int AS n FROM events
  WHERE received_at >= $1 AND received_at < $2 GROUP BY 1`;

const attemptsPerMinuteSql = `
  SELECT started_at / ${minuteMs} AS minute,
    count(*) FILTER (WHERE outcome = 'success')::int AS delivered,
    count(*) FILTER (WHERE outcome != 'success' AND next_attempt_at IS NOT NULL)::int AS retrying,
    count(*) FILTER (WHERE outcome != 'success' AND next_attempt_at IS NULL AND duration_ms IS NOT NULL)::int AS dead
  FROM attempts WHERE started_at >= $1 AND started_at < $2 GROUP BY 1`;

// percentile_disc is the nearest rank (the first value whose cumulative share reaches the fraction), as
// `percentileOf`; computed in the database so the rows never travel.
const latenciesSql = `
  SELECT count(*)::int AS count,
    percentile_disc(0.5) WITHIN GROUP (ORDER BY d.delivered_at - e.received_at) AS p50,
    percentile_disc(0.99) WITHIN GROUP (ORDER BY d.delivered_at - e.received_at) AS p99
  FROM deliveries d JOIN events e ON e.id = d.event_id
  WHERE d.status = 'delivered' AND d.delivered_at >= $1`;

const retryWaitingSql = `
  SELECT target, count(*)::int AS waiting, min(next_attempt_at) AS next_attempt_at FROM deliveries
  WHERE status = 'pending' AND attempts > 0 GROUP BY target ORDER BY target`;

/**
 * The console's archive questions on the PostgreSQL store. Event pages are keyset-paged on (received_at, id)
 * through `events_received_id` (or `events_source_received` with a source): no OFFSET.
 */
export function createPostgresArchiveQueries(query: Query): ArchiveQueries {
  return {
    findEvents: (filter, cursor, limit) =>
      query(async (client) => {
        const { where, params } = eventConditions(filter, cursor);
        params.push(limit + 1);
        const { rows } = await client.query<EventSummaryRow>(
          `SELECT ${summaryColumns}
           FROM (SELECT e.id, e.source, e.type, e.dedupe_key, e.received_at FROM events e ${where}
             ORDER BY e.received_at DESC, e.id DESC LIMIT $${params.length}) e
           LEFT JOIN deliveries d ON d.event_id = e.id
           GROUP BY e.id, e.source, e.type, e.dedupe_key, e.received_at
           ORDER BY e.received_at DESC, e.id DESC`,
          params,
        );
        const events = rows.slice(0, limit).map(toEventSummary);
        const last = events.at(-1);
        return {
          events,
          next: rows.length > limit && last ? { receivedAt: last.receivedAt, id: last.id } : undefined,
        };
      }),
    attemptsOfEvent: (eventId) =>
      query(async (client) => {
        const { rows } = await client.query<AttemptRow>(attemptsOfEventSql, [eventId]);
        return rows.map(toArchivedAttempt);
      }),
    activity: (since, until) =>
      query(async (client) => {
        const events = await client.query<EventsInMinute>(eventsPerMinuteSql, [since, until]);
        const attempts = await client.query<AttemptsInMinute>(attemptsPerMinuteSql, [since, until]);
        return mergeActivity(events.rows, attempts.rows);
      }),
    deliveryLatencies: (since) =>
      query(async (client): Promise<LatencySummary> => {
        const { rows } = await client.query<{ count: number; p50: number | null; p99: number | null }>(
          latenciesSql,
          [since],
        );
        const row = rows[0];
        return { count: row?.count ?? 0, p50Ms: row?.p50 ?? null, p99Ms: row?.p99 ?? null };
      }),
    retryWaiting: () =>
      query(async (client) => {
        const { rows } = await client.query<RetryWaitingRow>(retryWaitingSql);
        return rows.map(toRetryWaiting);
      }),
  };
}

function eventConditions(
  filter: ArchiveFilter,
  cursor: EventCursor | undefined,
): { where: string; params: (string | number)[] } {
  const params: (string | number)[] = [];
  const bind = (value: string | number): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = eventFilterConditions(filter, bind);
  // A row comparison: the planner reads it as one range on the (received_at, id) index.
  if (cursor) conditions.push(`(e.received_at, e.id) < (${bind(cursor.receivedAt)}, ${bind(cursor.id)})`);
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
