import type { Database, Statement } from 'better-sqlite3';
import {
  minuteMs,
  summarizeLatencies,
  type ArchiveFilter,
  type ArchiveQueries,
  type EventCursor,
  type RetryWaiting,
} from './archive-queries.js';
import {
  eventStatusCondition,
  mergeActivity,
  type AttemptsInMinute,
  type EventsInMinute,
} from './archive-sql.js';
import { toArchivedAttempt, toEventSummary, type AttemptRow, type EventSummaryRow } from './sqlite-rows.js';
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
  const retryWaiting = db.prepare<[], { target: string; waiting: number; next_attempt_at: number }>(
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
    retryWaiting: () =>
      run(() =>
        retryWaiting.all().map((row): RetryWaiting => ({
          target: row.target,
          waiting: row.waiting,
          nextAttemptAt: row.next_attempt_at,
        })),
      ),
  };
}

function eventConditions(
  filter: ArchiveFilter,
  cursor: EventCursor | undefined,
): { where: string; params: Record<string, string | number> } {
  const conditions: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.source !== undefined) {
    conditions.push('e.source = @source');
    params.source = filter.source;
  }
  if (filter.type !== undefined) {
    conditions.push('e.type = @type');
    params.type = filter.type;
  }
  if (filter.status !== undefined) conditions.push(eventStatusCondition[filter.status]);
  if (filter.target !== undefined) {
    conditions.push('EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.target = @target)');
    params.target = filter.target;
  }
  if (filter.from !== undefined) {
    conditions.push('e.received_at >= @from');
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    conditions.push('e.received_at < @to');
    params.to = filter.to;
  }
  if (filter.search !== undefined) {
    conditions.push('(e.id = @search OR e.id = (SELECT event_id FROM deliveries WHERE id = @search))');
    params.search = filter.search;
  }
  if (cursor) {
    conditions.push('(e.received_at < @cursorAt OR (e.received_at = @cursorAt AND e.id < @cursorId))');
    params.cursorAt = cursor.receivedAt;
    params.cursorId = cursor.id;
  }
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
