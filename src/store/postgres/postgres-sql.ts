/**
 * The statements of the PostgreSQL store. Times are milliseconds (bigint); parameters are numbered as pg wants.
 */

/**
 * Wakes the other replicas' workers (sent at commit; folded when several come together). The payload is the
 * sending replica's id ($1): its own listener skips it, as its worker was already woken in-process.
 */
export const notifySql = `SELECT pg_notify('hookgate_work', $1)`;

/** One claim (migration 4's `hookgate_claim`, see postgres-claim-function.ts), committing by itself. */
export const claimSql = `SELECT * FROM hookgate_claim($1, $2, $3, $4, $5, $6, $7, $8)`;

/** The lease fence: the claim's round and attempt, and its token when the caller has one. */
const fence = `status = 'in_flight' AND round = $2 AND attempts = $3 AND ($4::bigint IS NULL OR lease_token = $4)`;

export const releaseSql = `
  UPDATE deliveries SET status = 'pending', attempts = attempts - 1, next_attempt_at = $5, updated_at = $5
  WHERE id = $1 AND ${fence}`;

export const loadProgressSql = `SELECT progress FROM deliveries WHERE id = $1 AND progress_round = $2`;

/** Fenced like finishing: only the lease holder may write, and writing extends the lease. */
export const saveProgressSql = `
  UPDATE deliveries SET next_attempt_at = $5, progress = $6, progress_round = round
  WHERE id = $1 AND ${fence}`;

/**
 * Per target with work waiting: when it is next due, or when its Retry-After pause ends if that is later, so an
 * idle worker sleeps through the pause. Every worker pass asks this, so it must not grow with the backlog: a skip
 * scan walks the partial index deliveries_due (target, next_attempt_at) from one target to the next, and each
 * target's earliest due time is that index's first entry for it; a few index probes per target, not a scan.
 * Asked after every group commit while events arrive, so it is sent prepared (prepared-statements.ts).
 */
export const dueTargetsStatementName = 'hookgate_due_targets_1';

export const dueTargetsSql = `
  WITH RECURSIVE waiting(target) AS (
    (SELECT target FROM deliveries WHERE status IN ('pending', 'in_flight') ORDER BY target LIMIT 1)
    UNION ALL
    SELECT (SELECT d.target FROM deliveries d
            WHERE d.status IN ('pending', 'in_flight') AND d.target > w.target ORDER BY d.target LIMIT 1)
    FROM waiting w WHERE w.target IS NOT NULL
  )
  SELECT w.target, greatest(
      (SELECT d.next_attempt_at FROM deliveries d
       WHERE d.status IN ('pending', 'in_flight') AND d.target = w.target ORDER BY d.next_attempt_at LIMIT 1),
      coalesce(t.paused_until, 0)) AS due_at
  FROM waiting w LEFT JOIN targets t ON t.name = w.target
  WHERE w.target IS NOT NULL ORDER BY w.target`;

export const summaryColumns = `e.id, e.source, e.type, e.dedupe_key, e.received_at,
  count(*) FILTER (WHERE d.status = 'pending')::int AS pending,
  count(*) FILTER (WHERE d.status = 'in_flight')::int AS in_flight,
  count(*) FILTER (WHERE d.status = 'delivered')::int AS delivered,
  count(*) FILTER (WHERE d.status = 'dead')::int AS dead`;

const eventStatusCase = `CASE WHEN dead > 0 THEN 'dead' WHEN pending + in_flight > 0 THEN 'pending'
  WHEN delivered > 0 THEN 'delivered' ELSE 'unrouted' END`;

export const latestEventsSql = `
  SELECT ${summaryColumns}
  FROM (SELECT * FROM events ORDER BY received_at DESC, id DESC LIMIT $1) e
  LEFT JOIN deliveries d ON d.event_id = e.id
  GROUP BY e.id, e.source, e.type, e.dedupe_key, e.received_at ORDER BY e.received_at DESC, e.id DESC`;

export const latestEventsWithStatusSql = `
  SELECT * FROM (
    SELECT ${summaryColumns} FROM events e LEFT JOIN deliveries d ON d.event_id = e.id
    GROUP BY e.id, e.source, e.type, e.dedupe_key, e.received_at
  ) s WHERE ${eventStatusCase} = $1 ORDER BY received_at DESC, id DESC LIMIT $2`;

export const selectEventSql = `SELECT * FROM events WHERE id = $1`;
export const deliveriesOfEventSql = `SELECT * FROM deliveries WHERE event_id = $1 ORDER BY seq`;
export const attemptsOfEventSql = `
  SELECT a.* FROM attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.event_id = $1
  ORDER BY a.delivery_id, a.round, a.attempt`;

export const listDeliveriesSql = `
  SELECT * FROM deliveries WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR target = $2)
  ORDER BY updated_at DESC, seq DESC LIMIT $3`;

export const selectDeliveryForUpdateSql = `SELECT * FROM deliveries WHERE id = $1 FOR UPDATE`;

const replaySet = `status = 'pending', attempts = 0, round = round + 1, round_started_at = $2,
  next_attempt_at = $2, dead_reason = NULL, delivered_at = NULL, updated_at = $2`;

export const replaySql = `UPDATE deliveries SET ${replaySet} WHERE id = $1 AND status <> 'in_flight' RETURNING *`;
export const replayDeadSql = `UPDATE deliveries SET ${replaySet} WHERE target = $1 AND status = 'dead'`;

export const purgeDeliveriesSql = `
  DELETE FROM deliveries WHERE status = ANY($1::text[]) AND status <> 'in_flight' AND updated_at < $2`;

export const purgeEmptyEventsSql = `
  DELETE FROM events WHERE received_at < $1
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id)`;

export const deleteDeliveredBeforeSql = `
  DELETE FROM events WHERE received_at < $1
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id AND d.status <> 'delivered')`;

export const countByTargetAndStatusSql = `
  SELECT target, status, count(*)::int AS count FROM deliveries GROUP BY target, status`;

/**
 * Takes a once-per-fleet job's turn: the row's lease when it ran out (or there is none), on the database's clock.
 */
export const takeTurnSql = `
  INSERT INTO fleet_jobs AS j (name, holder, lease_until)
  VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3 / 1000.0))
  ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
    WHERE j.lease_until <= clock_timestamp()
  RETURNING holder`;

/** The database's clock in milliseconds (clock_timestamp: the wall clock, not the transaction's start). */
export const databaseClockSql = `SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now`;
