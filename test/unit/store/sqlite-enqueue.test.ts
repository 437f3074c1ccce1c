import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { databaseFileName, openSqliteStore } from '../../../src/store/sqlite-store.js';
import { event, removeTempDirs, tempDir } from './sqlite-test-store.js';

afterAll(removeTempDirs);

describe('sqlite enqueue', () => {
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
});
