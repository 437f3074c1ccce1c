import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/store/sqlite-schema.js';
import { databaseFileName, openSqliteStore } from '../../../src/store/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { runStoreContract } from '../../contract/store-contract.js';
import { event, removeTempDirs, tempDir } from './sqlite-test-store.js';

afterAll(removeTempDirs);

const dirOf = new WeakMap<Store, string>();
runStoreContract(
  'sqlite',
  (options) => {
    const dataDir = tempDir();
    const store = openSqliteStore({ dataDir, ...options });
    dirOf.set(store, dataDir);
    return store;
  },
  // A second connection to the same file (as the CLI opens it beside a gateway).
  { sibling: (store) => openSqliteStore({ dataDir: dirOf.get(store) ?? tempDir() }) },
);
// As the gateway opens its own store: the WAL checkpointed from a worker thread (stopped again by close()).
runStoreContract('sqlite (background checkpoint)', (options) =>
  openSqliteStore({ dataDir: tempDir(), backgroundCheckpoint: { intervalMs: 5 }, ...options }),
);
runStoreContract('sqlite (power durability, no group commit)', (options) =>
  openSqliteStore({ dataDir: tempDir(), durability: 'power', groupCommit: false, ...options }),
);

describe('sqlite store', () => {
  it('creates <dataDir>/hookgate.db in WAL mode at the current schema version', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = openSqliteStore({ dataDir });
    await store.close();
    const db = new Database(join(dataDir, databaseFileName), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    db.close();
  });

  it('keeps events and deliveries across a reopen', async () => {
    const dataDir = tempDir();
    const first = openSqliteStore({ dataDir });
    await first.enqueue(event('e1'), [{ id: 'd1', route: 'r', target: 'slack' }]);
    await first.claimDue({ target: 'slack', now: 2_000, limit: 1, leaseMs: 1_000_000 });
    await first.close();
    const second = openSqliteStore({ dataDir });
    expect(await second.recoverInFlight(3_000)).toBe(1);
    const [claim] = await second.claimDue({ target: 'slack', now: 3_000, limit: 1, leaseMs: 1_000 });
    expect(claim?.job).toMatchObject({ id: 'd1', attempt: 2, event: event('e1') });
    await second.close();
  });

  it('upgrades a version 3 database: drops the redundant events_received index, keeps the events', async () => {
    const dataDir = tempDir();
    const old = new Database(join(dataDir, databaseFileName));
    migrate(old, 3);
    old
      .prepare(
        `INSERT INTO events (id, source, type, dedupe_key, received_at, raw_body) VALUES ('e1', 's', 't', 'k', 1000, '{}')`,
      )
      .run();
    const indexesOf = (db: Database.Database): string[] =>
      (
        db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'`).all() as {
          name: string;
        }[]
      ).map((row) => row.name);
    expect(indexesOf(old)).toContain('events_received');
    old.close();

    const store = openSqliteStore({ dataDir });
    expect(await store.getEvent('e1')).toBeDefined();
    expect(await store.enqueue(event('e2', 2_000), [])).toEqual({ outcome: 'accepted', eventId: 'e2' });
    await store.close();
    const db = new Database(join(dataDir, databaseFileName), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(indexesOf(db)).not.toContain('events_received');
    expect(indexesOf(db)).toContain('events_received_id');
    // Retention's range on received_at still goes through an index, not a scan of the events.
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM events WHERE received_at < ?`).all(5_000) as {
        detail: string;
      }[]
    ).map((p) => p.detail);
    expect(plan).toEqual([
      expect.stringMatching(/^SEARCH events USING (COVERING )?INDEX events_received_id/),
    ]);
    db.close();
  });

  it('refuses a database written by a newer hookgate', () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, databaseFileName));
    db.pragma(`user_version = ${schemaVersion + 1}`);
    db.close();
    expect(() => openSqliteStore({ dataDir })).toThrow(/newer than this hookgate knows/);
  });
});
