import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { migrate, schemaVersion } from '../../../src/store/sqlite-schema.js';
import { dueSql } from '../../../src/store/sqlite-statements.js';
import { databaseFileName, openSqliteStore } from '../../../src/store/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import type { AcceptedEvent } from '../../../src/types.js';
import { runStoreContract } from '../../contract/store-contract.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

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

function event(id: string, receivedAt = 1_000): AcceptedEvent {
  return {
    id,
    source: 's',
    type: 't',
    dedupeKey: id,
    receivedAt,
    payload: { type: 't', id },
    rawBody: JSON.stringify({ type: 't', id }),
  };
}

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

  it('commits enqueues that arrive together in power mode, each resolving after its batch', async () => {
    const store = openSqliteStore({ dataDir: tempDir(), durability: 'power' });
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        store.enqueue(event(`e${i}`), [{ id: `d${i}`, route: 'r', target: 't' }]),
      ),
    );
    expect(results.every((r) => r.outcome === 'accepted')).toBe(true);
    expect(await store.countByTargetAndStatus()).toEqual([{ target: 't', status: 'pending', count: 300 }]);
    await store.close();
  });

  it('fails only the enqueue that broke, not the rest of its batch', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    const results = await Promise.allSettled([
      store.enqueue(event('a'), [{ id: 'da', route: 'r', target: 't' }]),
      store.enqueue(event('b'), [{ id: 'da', route: 'r', target: 't' }]),
      store.enqueue(event('c'), [{ id: 'dc', route: 'r', target: 't' }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreError);
    expect(await store.getEvent('b')).toBeUndefined();
    await store.close();
  });

  it('stores an event given as received bytes as the same TEXT its decoded string would be', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore({ dataDir });
    // Multi-byte characters, an escaped NUL and a raw one: every byte must come back as it went in.
    const rawBody = '{"type":"t","text":"zoë ☕ 𝄞 \\u0000 \u0000 end"}';
    const fromBytes = { ...event('bytes'), rawBody, rawBytes: Buffer.from(rawBody, 'utf8') };
    const fromText = { ...event('text'), rawBody };
    await store.enqueue(fromBytes, [{ id: 'd-bytes', route: 'r', target: 't' }]);
    await store.enqueue(fromText, []);
    expect((await store.getEvent('bytes'))?.event.rawBody).toBe(rawBody);
    const [claim] = await store.claimDue({ target: 't', now: 2_000, limit: 1, leaseMs: 1_000 });
    expect(claim?.job.event.rawBody).toBe(rawBody);
    await store.close();
    const db = new Database(join(dataDir, databaseFileName), { readonly: true });
    const rows = db
      .prepare<[], { id: string; kind: string; bytes: number }>(
        `SELECT id, typeof(raw_body) AS kind, length(CAST(raw_body AS BLOB)) AS bytes FROM events ORDER BY id`,
      )
      .all();
    const size = Buffer.byteLength(rawBody, 'utf8');
    expect(rows).toEqual([
      { id: 'bytes', kind: 'text', bytes: size },
      { id: 'text', kind: 'text', bytes: size },
    ]);
    db.close();
  });

  it('inserts the deliveries of a large group commit in order, across several statements', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    // 100 events of 2 deliveries: 200 rows, more than one multi-row statement holds.
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.enqueue(event(`e${i}`, 1_000 + i), [
          { id: `d${i}-b`, route: 'r', target: 'b' },
          { id: `d${i}-a`, route: 'r', target: 'a' },
        ]),
      ),
    );
    expect(results.every((r) => r.outcome === 'accepted')).toBe(true);
    expect(await store.countByTargetAndStatus()).toEqual([
      { target: 'a', status: 'pending', count: 100 },
      { target: 'b', status: 'pending', count: 100 },
    ]);
    const detail = await store.getEvent('e99');
    expect(detail?.deliveries.map(({ delivery }) => delivery)).toMatchObject([
      { id: 'd99-b', eventId: 'e99', target: 'b', status: 'pending', attempts: 0, nextAttemptAt: 1_099 },
      { id: 'd99-a', eventId: 'e99', target: 'a', status: 'pending', attempts: 0, nextAttemptAt: 1_099 },
    ]);
    await store.close();
  });

  it('queues no deliveries for a duplicate in the same group commit', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    const results = await Promise.all([
      store.enqueue(event('first'), [{ id: 'd-first', route: 'r', target: 't' }]),
      store.enqueue({ ...event('again'), dedupeKey: 'first' }, [{ id: 'd-again', route: 'r', target: 't' }]),
    ]);
    expect(results).toEqual([
      { outcome: 'accepted', eventId: 'first' },
      { outcome: 'duplicate', eventId: 'first' },
    ]);
    expect(await store.countByTargetAndStatus()).toEqual([{ target: 't', status: 'pending', count: 1 }]);
    await store.close();
  });

  it('flushes waiting enqueues when closed', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore({ dataDir, groupCommit: { maxWaitMs: 10_000, maxBatch: 1000 } });
    const pending = store.enqueue(event('e1'), []);
    await store.close();
    expect(await pending).toEqual({ outcome: 'accepted', eventId: 'e1' });
    const reopened = openSqliteStore({ dataDir });
    expect(await reopened.getEvent('e1')).toBeDefined();
    await reopened.close();
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

  it('finds due work with a few steps on the due index, without sorting the backlog', async () => {
    const dataDir = tempDir();
    await openSqliteStore({ dataDir }).close();
    const db = new Database(join(dataDir, databaseFileName), { readonly: true });
    const planOf = (sql: string): string[] => {
      const params = Array.from(sql.matchAll(/\?/g), () => 1);
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
        (p) => p.detail,
      );
    };
    expect(planOf(dueSql.nextDueTarget)).toEqual([
      expect.stringMatching(/^SEARCH deliveries USING INDEX deliveries_due/),
    ]);
    // Each claimed delivery's event comes by its primary key in the same query: no sort, no scan.
    expect(planOf(dueSql.selectDue)).toEqual([
      expect.stringMatching(/^SEARCH d USING INDEX deliveries_due/),
      expect.stringMatching(/^SEARCH e USING INDEX sqlite_autoindex_events_1 \(id=\?\)/),
    ]);
    db.close();
  });
});
