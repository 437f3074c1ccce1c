import type { Pool } from 'pg';
import { StoreError } from '../../errors.js';
import { claimFunction } from './postgres-claim-function.js';

/**
 * Schema versions, applied in order; `hookgate_migrations` holds one row per version applied. Append a migration,
 * never edit one that shipped. Times are milliseconds since the epoch (bigint), as in the SQLite store.
 *
 * deliveries.next_attempt_at is when the row is next claimable: for pending rows the retry time, for in-flight
 * rows the lease expiry; lease_token grows with every claim and fences every later write about the delivery.
 */
const migrations: readonly string[] = [
  `
  CREATE TABLE events (
    id text PRIMARY KEY,
    source text NOT NULL,
    type text NOT NULL,
    dedupe_key text NOT NULL,
    received_at bigint NOT NULL,
    raw_body text NOT NULL
  );
  CREATE INDEX events_received ON events (received_at);

  -- The latest accepted event per (source, dedupe key): its primary key is what makes two replicas receiving the
  -- same event at once end with one event. The foreign key is checked at commit, so the row can be taken first.
  CREATE TABLE dedupe (
    source text NOT NULL,
    dedupe_key text NOT NULL,
    event_id text NOT NULL REFERENCES events (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    received_at bigint NOT NULL,
    PRIMARY KEY (source, dedupe_key)
  );
  CREATE INDEX dedupe_event ON dedupe (event_id);

  CREATE TABLE deliveries (
    seq bigserial UNIQUE,
    id text PRIMARY KEY,
    event_id text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    route text NOT NULL,
    target text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'in_flight', 'delivered', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    round integer NOT NULL DEFAULT 1,
    round_started_at bigint NOT NULL,
    next_attempt_at bigint,
    lease_token bigint NOT NULL DEFAULT 0,
    last_error text,
    dead_reason text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    delivered_at bigint,
    progress_round integer,
    progress text
  );
  CREATE INDEX deliveries_due ON deliveries (target, next_attempt_at) WHERE status IN ('pending', 'in_flight');
  CREATE INDEX deliveries_event ON deliveries (event_id);
  CREATE INDEX deliveries_status ON deliveries (status, target, updated_at);

  CREATE TABLE attempts (
    delivery_id text NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    round integer NOT NULL,
    attempt integer NOT NULL,
    started_at bigint NOT NULL,
    duration_ms double precision,
    outcome text NOT NULL CHECK (outcome IN ('success', 'retryable', 'permanent')),
    http_status integer,
    error text,
    PRIMARY KEY (delivery_id, round, attempt)
  );

  -- One row per target, locked by every gated claim: the fleet-wide rate limit (a token bucket) and the pause a
  -- 429's Retry-After asked for.
  CREATE TABLE targets (
    name text PRIMARY KEY,
    tokens double precision,
    tokens_at bigint,
    paused_until bigint NOT NULL DEFAULT 0
  );

  -- Once-per-fleet jobs (retention): whoever holds the row's lease runs the job until it expires.
  CREATE TABLE fleet_jobs (
    name text PRIMARY KEY,
    holder text NOT NULL,
    lease_until timestamptz NOT NULL
  );
  `,
  // The console: what each attempt sent and when its retry was planned; keyset paging of events newest first
  // (the new index serves every use of events_received, read either way); activity per minute.
  `
  ALTER TABLE attempts ADD COLUMN message text;
  ALTER TABLE attempts ADD COLUMN next_attempt_at bigint;
  CREATE INDEX events_received_id ON events (received_at DESC, id DESC);
  DROP INDEX events_received;
  CREATE INDEX events_source_received ON events (source, received_at DESC, id DESC);
  CREATE INDEX attempts_started ON attempts (started_at);
  `,
  // Slack's pace per channel, fleet-wide: one row per paced destination (keyed by a hash: a webhook URL is a
  // secret). tat is the theoretical arrival time of the next post, held_until the end of a 429's Retry-After.
  `
  CREATE TABLE channel_paces (
    key text PRIMARY KEY,
    tat double precision NOT NULL,
    held_until bigint NOT NULL DEFAULT 0
  );
  `,
  // Claims in one statement (see postgres-claim.ts): the target's row is locked inside the server for the length
  // of one call, never across round trips a client could stall in (a frozen replica held it for as long as it was
  // stopped, and every other replica's claims of that target waited behind it).
  claimFunction,
  // Fewer indexes to write per delivery (each insert, and each claim and result, which move the row to another
  // index entry): deliveries.seq is only ever a tiebreaker in ORDER BY, never looked up, and its sequence already
  // makes it unique; deliveries_status (status, target, updated_at) served only the listing of a rare status (the
  // plans of the purge, the counts and the console read the table or other indexes), so a partial index over dead
  // deliveries, written only when one dies, takes its place.
  `
  ALTER TABLE deliveries DROP CONSTRAINT deliveries_seq_key;
  DROP INDEX deliveries_status;
  CREATE INDEX deliveries_dead ON deliveries (target, updated_at) WHERE status = 'dead';
  `,
  // Bodies compressed with lz4 rather than the default pglz: a webhook body of a few KB is compressed once per
  // intake, inside the statement the 2xx waits for, and pglz cost the server more CPU than all the rest of that
  // statement (measured: the intake statement alone went from 0.8x to 1.1x a bare INSERT's throughput). It applies
  // to rows written from now on; older rows stay readable as they are. A server built without lz4 (or older than
  // 14) keeps pglz: the change is an optimisation, never a reason to refuse to start.
  `
  DO $$
  BEGIN
    EXECUTE 'ALTER TABLE events ALTER COLUMN raw_body SET COMPRESSION lz4';
  EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
    NULL;
  END
  $$;
  `,
];

export const postgresSchemaVersion = migrations.length;

/**
 * Brings the database to the current schema (or to `toVersion`: an upgrade test builds an old schema first). Safe
 * when several replicas start at once: the transaction first takes a transaction-level advisory lock (released at
 * COMMIT, so it also works behind pgbouncer in transaction mode), so one replica migrates while the others wait
 * and then find nothing left to do.
 */
export async function migratePostgres(pool: Pool, toVersion = migrations.length): Promise<void> {
  const client = await pool.connect();
  const onError = (): void => undefined;
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('hookgate.migrate'))`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS hookgate_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM hookgate_migrations',
    );
    const current = rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new StoreError(
        `the database has schema version ${current}, newer than this hookgate knows (${migrations.length}); upgrade hookgate`,
      );
    }
    for (const [i, sql] of migrations.entries()) {
      if (i < current || i >= toVersion) continue;
      await client.query(sql);
      await client.query('INSERT INTO hookgate_migrations (version) VALUES ($1)', [i + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', onError);
    client.release();
  }
}
