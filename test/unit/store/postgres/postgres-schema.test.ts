import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres, postgresSchemaVersion } from '../../../../src/store/postgres/postgres-schema.js';
import type { OpenedStore } from '../../../../src/store/store-drivers.js';
import { createTestSchema, type TestSchema, openTestPostgres } from '../../../helpers/postgres-schema.js';

const t0 = Date.UTC(2025, 0, 1);

async function inSchema<T>(schema: TestSchema, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const versionsOf = (schema: TestSchema): Promise<number[]> =>
  inSchema(schema, async (client) =>
    (
      await client.query<{ version: number }>('SELECT version FROM hookgate_migrations ORDER BY version')
    ).rows.map((row) => row.version),
  );

const columnsOf = (schema: TestSchema, table: string): Promise<string[]> =>
  inSchema(schema, async (client) =>
    (
      await client.query<{ column_name: string }>(
        'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
        [schema.name, table],
      )
    ).rows.map((row) => row.column_name),
  );

const indexesOf = (schema: TestSchema): Promise<string[]> =>
  inSchema(schema, async (client) =>
    (
      await client.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [
        schema.name,
      ])
    ).rows.map((row) => row.indexname),
  );

describe('migratePostgres', () => {
  const schemas: TestSchema[] = [];
  const opened: OpenedStore[] = [];

  afterEach(async () => {
    for (const handle of opened.splice(0)) await handle.close();
    for (const schema of schemas.splice(0)) await schema.drop();
  });

  async function freshSchema(): Promise<TestSchema> {
    const schema = await createTestSchema();
    schemas.push(schema);
    return schema;
  }

  it('upgrades a version 1 database in place: its data kept, the later columns, indexes and tables added', async () => {
    const schema = await freshSchema();
    const pool = new pg.Pool({ connectionString: schema.url, max: 1 });
    try {
      await migratePostgres(pool, 1);
    } finally {
      await pool.end();
    }
    expect(await versionsOf(schema)).toEqual([1]);
    expect(await columnsOf(schema, 'attempts')).not.toContain('message');
    // What a gateway of version 1 would have stored: an event, its delivery, a failed attempt, a paused target.
    await inSchema(schema, async (client) => {
      await client.query(
        `INSERT INTO events (id, source, type, dedupe_key, received_at, raw_body)
         VALUES ('evt_1', 'connect-it', 'test.completed', 'key-1', $1, '{"type":"test.completed"}')`,
        [t0],
      );
      await client.query(`INSERT INTO dedupe VALUES ('connect-it', 'key-1', 'evt_1', $1)`, [t0]);
      await client.query(
        `INSERT INTO deliveries (id, event_id, route, target, status, attempts, round_started_at, next_attempt_at,
           last_error, created_at, updated_at)
         VALUES ('evt_1_d0', 'evt_1', 'all', 'crm', 'pending', 1, $1, $2, 'HTTP 503', $1, $1)`,
        [t0, t0 + 1_000],
      );
      await client.query(
        `INSERT INTO attempts (delivery_id, round, attempt, started_at, duration_ms, outcome, http_status, error)
         VALUES ('evt_1_d0', 1, 1, $1, 12, 'retryable', 503, 'HTTP 503')`,
        [t0],
      );
      await client.query(`INSERT INTO targets (name, paused_until) VALUES ('crm', $1)`, [t0 + 5_000]);
    });

    const handle = await openTestPostgres(schema.url);
    opened.push(handle);

    expect(await versionsOf(schema)).toEqual(Array.from({ length: postgresSchemaVersion }, (_, i) => i + 1));
    const detail = await handle.store.getEvent('evt_1');
    expect(detail?.event).toMatchObject({
      id: 'evt_1',
      source: 'connect-it',
      dedupeKey: 'key-1',
      receivedAt: t0,
    });
    expect(detail?.deliveries).toHaveLength(1);
    expect(detail?.deliveries[0]?.delivery).toMatchObject({ id: 'evt_1_d0', status: 'pending', attempts: 1 });
    expect(detail?.deliveries[0]?.attempts).toMatchObject([
      { attempt: 1, httpStatus: 503, error: 'HTTP 503' },
    ]);
    // The old row is still claimable and its target still paused: the fleet's state came through.
    expect(
      await handle.store.claimDue({ target: 'crm', now: t0 + 1_000, limit: 1, leaseMs: 1_000 }),
    ).toHaveLength(1);
    expect(
      await inSchema(
        schema,
        async (client) =>
          (await client.query<{ paused_until: string }>('SELECT paused_until FROM targets')).rows,
      ),
    ).toEqual([{ paused_until: String(t0 + 5_000) }]);

    // Version 2: the console's attempt columns and keyset indexes (and the old index gone).
    expect(await columnsOf(schema, 'attempts')).toEqual(
      expect.arrayContaining(['message', 'next_attempt_at']),
    );
    const indexes = await indexesOf(schema);
    expect(indexes).toEqual(
      expect.arrayContaining(['events_received_id', 'events_source_received', 'attempts_started']),
    );
    expect(indexes).not.toContain('events_received');
    // Version 3: the fleet-wide channel paces.
    expect(await columnsOf(schema, 'channel_paces')).toEqual(
      expect.arrayContaining(['key', 'tat', 'held_until']),
    );
    // Version 4: claims are one call of hookgate_claim, in this schema (the claim above went through it).
    expect(
      await inSchema(
        schema,
        async (client) =>
          (
            await client.query<{ proname: string }>(
              `SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`,
              [schema.name],
            )
          ).rows,
      ),
    ).toEqual([{ proname: 'hookgate_claim' }]);
    // Version 5: two indexes fewer to write per delivery; dead deliveries keep an index of their own.
    const indexesNow = await indexesOf(schema);
    expect(indexesNow).toContain('deliveries_dead');
    expect(indexesNow).not.toContain('deliveries_status');
    expect(indexesNow).not.toContain('deliveries_seq_key');
  });

  it('lists dead deliveries through their partial index after the upgrade', async () => {
    const schema = await freshSchema();
    const handle = await openTestPostgres(schema.url);
    opened.push(handle);
    await handle.store.enqueue(
      {
        id: 'evt_1',
        source: 'connect-it',
        type: 'test.completed',
        dedupeKey: 'key-1',
        receivedAt: t0,
        payload: {},
        rawBody: '{}',
      },
      [{ id: 'evt_1_d0', route: 'all', target: 'crm' }],
    );
    const [claim] = await handle.store.claimDue({ target: 'crm', now: t0, limit: 1, leaseMs: 1_000 });
    if (!claim) throw new Error('nothing claimed');
    await handle.store.recordAttempt(
      { lease: claim.lease, startedAt: t0, durationMs: 1, outcome: 'permanent', httpStatus: 400 },
      { status: 'dead', at: t0 + 1, reason: 'HTTP 400' },
    );
    const plan = await inSchema(schema, async (client) => {
      await client.query('SET enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT * FROM deliveries WHERE status = 'dead' AND target = 'crm' ORDER BY updated_at DESC LIMIT 50`,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('deliveries_dead');
    expect(await handle.store.listDeliveries({ status: 'dead', target: 'crm', limit: 10 })).toMatchObject([
      { id: 'evt_1_d0', status: 'dead', deadReason: 'HTTP 400' },
    ]);
  });

  it('compresses event bodies with lz4 where the server has it, and a large body reads back intact', async () => {
    const schema = await freshSchema();
    const handle = await openTestPostgres(schema.url);
    opened.push(handle);
    const { lz4, method } = await inSchema(schema, async (client) => {
      const { rows } = await client.query<{ lz4: boolean; method: string }>(
        `SELECT 'lz4' = ANY (s.enumvals) AS lz4, a.attcompression::text AS method
         FROM pg_settings s, pg_attribute a
         WHERE s.name = 'default_toast_compression' AND a.attrelid = 'events'::regclass AND a.attname = 'raw_body'`,
      );
      return rows[0] ?? { lz4: false, method: '?' };
    });
    expect(method).toBe(lz4 ? 'l' : '');

    const rawBody = JSON.stringify({
      type: 'test.completed',
      text: 'so we agreed on the retry policy. '.repeat(600),
    });
    const event = {
      id: 'evt_big',
      source: 'connect-it',
      type: 'test.completed',
      dedupeKey: 'big',
      receivedAt: t0,
      payload: {},
      rawBody,
    };
    expect(await handle.store.enqueue(event, [])).toEqual({ outcome: 'accepted', eventId: 'evt_big' });
    expect((await handle.store.getEvent('evt_big'))?.event.rawBody).toBe(rawBody);
    const stored = await inSchema(
      schema,
      async (client) =>
        (
          await client.query<{ method: string | null }>(
            `SELECT pg_column_compression(raw_body) AS method FROM events WHERE id = 'evt_big'`,
          )
        ).rows[0]?.method,
    );
    expect(stored).toBe(lz4 ? 'lz4' : 'pglz');
  });

  it('migrates an empty schema once when three replicas open it at the same moment', async () => {
    const schema = await freshSchema();
    const handles = await Promise.all([0, 1, 2].map(() => openTestPostgres(schema.url)));
    opened.push(...handles);
    const applied = await inSchema(
      schema,
      async (client) =>
        (
          await client.query<{ version: number; n: number }>(
            'SELECT version, count(*)::int AS n FROM hookgate_migrations GROUP BY version ORDER BY version',
          )
        ).rows,
    );
    expect(applied).toEqual(
      Array.from({ length: postgresSchemaVersion }, (_, i) => ({ version: i + 1, n: 1 })),
    );
    // All three work on the one schema.
    for (const handle of handles) expect(await handle.store.countByTargetAndStatus()).toEqual([]);
  });

  it('refuses a database whose schema is newer than this hookgate knows', async () => {
    const schema = await freshSchema();
    opened.push(await openTestPostgres(schema.url));
    await inSchema(schema, (client) =>
      client.query('INSERT INTO hookgate_migrations (version) VALUES ($1)', [postgresSchemaVersion + 1]),
    );
    await expect(openTestPostgres(schema.url)).rejects.toThrow(
      `the database has schema version ${postgresSchemaVersion + 1}, newer than this hookgate knows`,
    );
  });
});
