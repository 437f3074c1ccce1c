import type { Database, Statement } from 'better-sqlite3';
import {
  minuteMs,
  summarizeLatencies,
  type ArchiveFilter,
  type ArchiveQueries,
  type EventCursor,
} from './archive-queries.js';
import {
  eventFilterConditions,
  mergeActivity,
  type AttemptsInMinute,
  type EventsInMinute,
} from './archive-sql.js';
import {
  toArchivedAttempt,
  toEventSummary,
  toRetryWaiting,
  type AttemptRow,
  type EventSummaryRow,
  type RetryWaitingRow,
} from './sqlite-rows.js';
import { summaryColumns } from './sqlite-statements.js';

type Run = <T>(work: () => T) => Promise<T>;

/**
 * The console's archive questions on the SQLite store's database. Event pages are keyset-paged on
 * (received_at, id) through `events_received_id` (or `events_source_received` with a source): no OFFSET.
 */
export function createSqliteArchiveQueries(db: Database, run: Run): ArchiveQueries {
  const statements = new Map<string, Statement>();
  // The filter's shape picks the SQL; each shape is prepared once.
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const attemptsOfEvent = db.prepare<[string], AttemptRow>(
    `SELECT a.* FROM attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.event_id = ?
     ORDER BY a.delivery_id, a.round, a.attempt`,
  );
  const eventsPerMinute = db.prepare<[number, number], EventsInMinute>(
    `-- Integer division: the minute number (a bound number would be a REAL and divide exactly).
     SELECT (received_at / ${minuteMs}) AS minute, COUNT(*) AS n FROM events
     WHERE received_at >= ? AND received_at < ? GROUP BY minute`,
  );
  const attemptsPerMinute = db.prepare<[number, number], AttemptsInMinute>(
    `SELECT (started_at / ${minuteMs}) AS minute, SUM(outcome = 'success') AS delivered,
       SUM(outcome != 'success' AND next_attempt_at IS NOT NULL) AS retrying,
       SUM(outcome != 'success' AND next_attempt_at IS NULL AND duration_ms IS NOT NULL) AS dead
     FROM attempts WHERE started_at >= ? AND started_at < ? GROUP BY minute`,
  );
  const latencies = db.prepare<[number], { ms: number }>(
    `SELECT d.delivered_at - e.received_at AS ms FROM deliveries d JOIN events e ON e.id = d.event_id
     WHERE d.status = 'delivered' AND d.delivered_at >= ?`,
  );
  const retryWaiting = db.prepare<[], RetryWaitingRow>(
    `SELECT target, COUNT(*) AS waiting, MIN(next_attempt_at) AS next_attempt_at FROM deliveries
     WHERE status = 'pending' AND attempts > 0 GROUP BY target ORDER BY target`,
  );

  return {
    findEvents: (filter, cursor, limit) =>
      run(() => {
        const { where, params } = eventConditions(filter, cursor);
        const page = prepared(
          `SELECT ${summaryColumns}
           FROM (SELECT e.* FROM events e ${where} ORDER BY e.received_at DESC, e.id DESC LIMIT @limit) e
           LEFT JOIN deliveries d ON d.event_id = e.id
           GROUP BY e.id ORDER BY e.received_at DESC, e.id DESC`,
        ).all({ ...params, limit: limit + 1 }) as EventSummaryRow[];
        const events = page.slice(0, limit).map(toEventSummary);
        const last = events.at(-1);
        return {
          events,
          next: page.length > limit && last ? { receivedAt: last.receivedAt, id: last.id } : undefined,
        };
      }),
    attemptsOfEvent: (eventId) => run(() => attemptsOfEvent.all(eventId).map(toArchivedAttempt)),
    activity: (since, until) =>
      run(() => mergeActivity(eventsPerMinute.all(since, until), attemptsPerMinute.all(since, until))),
    deliveryLatencies: (since) => run(() => summarizeLatencies(latencies.all(since).map((row) => row.ms))),
    retryWaiting: () => run(() => retryWaiting.all().map(toRetryWaiting)),
  };
}

function eventConditions(
  filter: ArchiveFilter,
  cursor: EventCursor | undefined,
): { where: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = {};
  const bind = (value: string | number): string => {
    const name = `p${Object.keys(params).length}`;
    params[name] = value;
    return `@${name}`;
  };
  const conditions = eventFilterConditions(filter, bind);
  if (cursor) {
    const at = bind(cursor.receivedAt);
    conditions.push(`(e.received_at < ${at} OR (e.received_at = ${at} AND e.id < ${bind(cursor.id)}))`);
  }
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
