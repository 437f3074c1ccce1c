import type { Database } from 'better-sqlite3';
import type { DeliveryStatus } from './store.js';
import type { AttemptRow, DeliveryRow, DueRow, EventRow, EventSummaryRow } from './sqlite-rows.js';

/** An event row `e` with its deliveries `d` counted by status (GROUP BY e.id). */
export const summaryColumns = `e.id, e.source, e.type, e.dedupe_key, e.received_at,
  COALESCE(SUM(d.status = 'pending'), 0) AS pending, COALESCE(SUM(d.status = 'in_flight'), 0) AS in_flight,
  COALESCE(SUM(d.status = 'delivered'), 0) AS delivered, COALESCE(SUM(d.status = 'dead'), 0) AS dead`;

const eventStatusCase = `CASE WHEN dead > 0 THEN 'dead' WHEN pending + in_flight > 0 THEN 'pending'
  WHEN delivered > 0 THEN 'delivered' ELSE 'unrouted' END`;

/**
 * The hot queries of the worker. INDEXED BY because without statistics the planner prefers the status index and
 * sorts every waiting row; on the due index each is a few index steps, however long the backlog.
 */
export const dueSql = {
  // With each delivery's event in the same step: a claim of n deliveries is one query, not 1 + n. LEFT JOIN keeps
  // the deliveries the outer loop (on their index) and shows a missing event instead of skipping its delivery.
  // Only the columns a claim uses: `d.*` also copied each row's last error and timestamps into every claim.
  selectDue: `SELECT d.id, d.event_id, d.route, d.target, d.status, d.attempts, d.round, d.round_started_at,
      d.updated_at, e.source AS event_source, e.type AS event_type, e.dedupe_key AS event_dedupe_key,
      e.received_at AS event_received_at, e.raw_body AS event_raw_body
    FROM deliveries AS d INDEXED BY deliveries_due LEFT JOIN events AS e ON e.id = d.event_id
    WHERE d.status IN ('pending', 'in_flight') AND d.target = ? AND d.next_attempt_at <= ?
    ORDER BY d.next_attempt_at LIMIT ?`,
  // A loose index scan: called once per target with the previous one, instead of reading every waiting row.
  nextDueTarget: `SELECT target, next_attempt_at AS due_at FROM deliveries INDEXED BY deliveries_due
    WHERE status IN ('pending', 'in_flight') AND target > ?
    ORDER BY target, next_attempt_at LIMIT 1`,
};

/** Every statement the store runs, prepared once when it opens. */
export function prepareStatements(db: Database) {
  return {
    findDuplicate: db.prepare<[string, string, number], { id: string }>(
      `SELECT id FROM events WHERE source = ? AND dedupe_key = ? AND received_at > ?
       ORDER BY received_at DESC LIMIT 1`,
    ),
    // The intake statements bind positionally: a named object per row is a property lookup per column in
    // better-sqlite3, on the hottest write path. The raw body may be bound as the received bytes: CAST stores
    // them as TEXT (SQLite takes a blob's bytes as text in the database encoding, UTF-8), the same value the
    // decoded string would give, without better-sqlite3 measuring and encoding a 13 KB string back to UTF-8
    // (about 4 µs of the insert's 9-13 µs per event in a store-only test). A string bound here is left as is.
    insertEvent: db.prepare<
      [id: string, source: string, type: string, dedupeKey: string, at: number, raw: string | Buffer]
    >(
      `INSERT INTO events (id, source, type, dedupe_key, received_at, raw_body)
       VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT))`,
    ),
    selectEvent: db.prepare<[string], EventRow>(`SELECT * FROM events WHERE id = ?`),
    selectDelivery: db.prepare<[string], DeliveryRow>(`SELECT * FROM deliveries WHERE id = ?`),
    selectDue: db.prepare<[string, number, number], DueRow>(dueSql.selectDue),
    nextDueTarget: db.prepare<[string], { target: string; due_at: number }>(dueSql.nextDueTarget),
    // The attempt statements bind positionally too (see the intake ones): they run for every delivery.
    finishAttempt: db.prepare<
      [
        status: DeliveryStatus,
        nextAttemptAt: number | null,
        error: string | null,
        deadReason: string | null,
        deliveredAt: number | null,
        at: number,
        id: string,
        round: number,
        attempt: number,
      ]
    >(
      `UPDATE deliveries SET status = ?, next_attempt_at = ?, last_error = COALESCE(?, last_error),
         dead_reason = COALESCE(?, dead_reason), delivered_at = COALESCE(?, delivered_at), updated_at = ?
       WHERE id = ? AND status = 'in_flight' AND round = ? AND attempts = ?`,
    ),
    release: db.prepare<[{ id: string; round: number; attempt: number; now: number }]>(
      `UPDATE deliveries SET status = 'pending', attempts = attempts - 1, next_attempt_at = @now, updated_at = @now
       WHERE id = @id AND status = 'in_flight' AND round = @round AND attempts = @attempt`,
    ),
    insertAttempt: db.prepare<
      [
        deliveryId: AttemptRow['delivery_id'],
        round: AttemptRow['round'],
        attempt: AttemptRow['attempt'],
        startedAt: AttemptRow['started_at'],
        durationMs: AttemptRow['duration_ms'],
        outcome: AttemptRow['outcome'],
        httpStatus: AttemptRow['http_status'],
        error: AttemptRow['error'],
        message: AttemptRow['message'],
        nextAttemptAt: AttemptRow['next_attempt_at'],
      ]
    >(
      `INSERT INTO attempts (delivery_id, round, attempt, started_at, duration_ms, outcome, http_status, error,
         message, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    selectInFlight: db.prepare<[], DeliveryRow>(`SELECT * FROM deliveries WHERE status = 'in_flight'`),
    markRecovered: db.prepare<[{ id: string; now: number; error: string }]>(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = @now, last_error = @error, updated_at = @now
       WHERE id = @id`,
    ),
    markInterrupted: db.prepare<[{ id: string; error: string }]>(
      `UPDATE deliveries SET last_error = @error WHERE id = @id`,
    ),
    latestEvents: db.prepare<[number], EventSummaryRow>(
      `SELECT ${summaryColumns}
       FROM (SELECT * FROM events ORDER BY received_at DESC, id DESC LIMIT ?) e
       LEFT JOIN deliveries d ON d.event_id = e.id
       GROUP BY e.id ORDER BY e.received_at DESC, e.id DESC`,
    ),
    latestEventsWithStatus: db.prepare<[string, number], EventSummaryRow>(
      `SELECT * FROM (
         SELECT ${summaryColumns} FROM events e LEFT JOIN deliveries d ON d.event_id = e.id GROUP BY e.id
       ) WHERE ${eventStatusCase} = ? ORDER BY received_at DESC, id DESC LIMIT ?`,
    ),
    deliveriesOfEvent: db.prepare<[string], DeliveryRow>(
      `SELECT * FROM deliveries WHERE event_id = ? ORDER BY rowid`,
    ),
    attemptsOfEvent: db.prepare<[string], AttemptRow>(
      `SELECT a.* FROM attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.event_id = ?
       ORDER BY a.delivery_id, a.round, a.attempt`,
    ),
    replay: db.prepare<[{ id: string; now: number }]>(
      `UPDATE deliveries SET status = 'pending', attempts = 0, round = round + 1, round_started_at = @now,
         next_attempt_at = @now, dead_reason = NULL, delivered_at = NULL, updated_at = @now
       WHERE id = @id AND status != 'in_flight'`,
    ),
    replayDead: db.prepare<[{ target: string; now: number }]>(
      `UPDATE deliveries SET status = 'pending', attempts = 0, round = round + 1, round_started_at = @now,
         next_attempt_at = @now, dead_reason = NULL, delivered_at = NULL, updated_at = @now
       WHERE target = @target AND status = 'dead'`,
    ),
    purgeDeliveries: db.prepare<[{ statuses: string; before: number }]>(
      `DELETE FROM deliveries
       WHERE status IN (SELECT value FROM json_each(@statuses)) AND status != 'in_flight' AND updated_at < @before`,
    ),
    purgeEmptyEvents: db.prepare<[{ before: number }]>(
      `DELETE FROM events WHERE received_at < @before
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id)`,
    ),
    deleteDeliveredBefore: db.prepare<[{ before: number }]>(
      `DELETE FROM events WHERE received_at < @before
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id AND d.status != 'delivered')`,
    ),
    listDeliveries: {
      all: listDeliveries(db, ''),
      byStatus: listDeliveries(db, 'WHERE status = @status'),
      byTarget: listDeliveries(db, 'WHERE target = @target'),
      byStatusAndTarget: listDeliveries(db, 'WHERE status = @status AND target = @target'),
    },
    countByTargetAndStatus: db.prepare<[], { target: string; status: DeliveryStatus; count: number }>(
      `SELECT target, status, COUNT(*) AS count FROM deliveries GROUP BY target, status ORDER BY target`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

function listDeliveries(db: Database, where: string) {
  return db.prepare<[{ status?: string; target?: string; limit: number }], DeliveryRow>(
    `SELECT * FROM deliveries ${where} ORDER BY updated_at DESC, rowid DESC LIMIT @limit`,
  );
}
