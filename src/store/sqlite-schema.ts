import type { Database } from 'better-sqlite3';
import { StoreError } from '../errors.js';

/**
 * Schema versions, applied in order; `PRAGMA user_version` holds how many ran. Append a migration, never edit
 * one that shipped.
 *
 * deliveries.next_attempt_at is when the row is next claimable: for pending rows the retry time, for in-flight
 * rows the lease expiry. One column and one partial index serve both "due" and "lease ran out".
 */
const migrations: readonly string[] = [
  `
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    type TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    -- The payload is not stored beside it: it is the raw body parsed (half the bytes written on ingest).
    raw_body TEXT NOT NULL
  );
  CREATE INDEX events_dedupe ON events (source, dedupe_key, received_at);
  CREATE INDEX events_received ON events (received_at);

  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    route TEXT NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'in_flight', 'delivered', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    round INTEGER NOT NULL DEFAULT 1,
    round_started_at INTEGER NOT NULL,
    next_attempt_at INTEGER,
    last_error TEXT,
    dead_reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    delivered_at INTEGER
  );
  CREATE INDEX deliveries_due ON deliveries (target, next_attempt_at) WHERE status IN ('pending', 'in_flight');
  CREATE INDEX deliveries_event ON deliveries (event_id);
  CREATE INDEX deliveries_status ON deliveries (status, target, updated_at);

  CREATE TABLE attempts (
    delivery_id TEXT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms REAL,
    outcome TEXT NOT NULL CHECK (outcome IN ('success', 'retryable', 'permanent')),
    http_status INTEGER,
    error TEXT,
    PRIMARY KEY (delivery_id, round, attempt)
  ) WITHOUT ROWID;
  `,
  // A multi-step target's progress (Slack parts posted, the file shared): one row per delivery, valid for its round.
  `
  CREATE TABLE delivery_progress (
    delivery_id TEXT PRIMARY KEY REFERENCES deliveries (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    progress TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // The console: what each attempt sent and when its retry was planned; keyset paging of events newest first;
  // activity per minute.
  `
  ALTER TABLE attempts ADD COLUMN message TEXT;
  ALTER TABLE attempts ADD COLUMN next_attempt_at INTEGER;
  CREATE INDEX events_received_id ON events (received_at DESC, id DESC);
  CREATE INDEX events_source_received ON events (source, received_at DESC, id DESC);
  CREATE INDEX attempts_started ON attempts (started_at);
  `,
  // events_received_id serves every use of events_received (a range on received_at, read either way), and each
  // index is one more b-tree written per event on ingest.
  `
  DROP INDEX events_received;
  `,
];

export const schemaVersion = migrations.length;

/**
 * Brings the database to the current schema (or to `version`, for upgrade tests) in one transaction; refuses a
 * database from a newer version.
 */
export function migrate(db: Database, version = migrations.length): void {
  if (userVersion(db) === version) return;
  // Immediate: a second process opening the same file waits for the lock, then sees the new version.
  db.transaction(() => {
    const current = userVersion(db);
    if (current > migrations.length) {
      throw new StoreError(
        `the database has schema version ${current}, newer than this hookgate knows (${migrations.length}); upgrade hookgate`,
      );
    }
    if (current >= version) return;
    for (const sql of migrations.slice(current, version)) db.exec(sql);
    // PRAGMA takes no bound parameters; the value is our own integer.
    db.pragma(`user_version = ${Math.floor(version)}`);
  }).immediate();
}

function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
