import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../../src/errors.js';
import { PostgresConnections } from '../../../../src/store/postgres/postgres-connections.js';
import { createTestSchema, type TestSchema } from '../../../helpers/postgres-schema.js';

describe('PostgresConnections', () => {
  const schemas: TestSchema[] = [];
  const pools: pg.Pool[] = [];

  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end().catch(() => undefined);
    for (const schema of schemas.splice(0)) await schema.drop();
  });

  it('has the server end a transaction left idle (a stopped replica), so its row locks do not outlive it', async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: schema.url, max: 2 });
    pools.push(pool);
    await pool.query(`CREATE TABLE targets (name text PRIMARY KEY); INSERT INTO targets VALUES ('crm')`);
    const connections = new PostgresConnections(pool, 300);
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    // A transaction that takes a row lock and then stops, as a replica frozen between two statements does.
    const frozen = connections.transaction(async (client) => {
      await client.query(`SELECT * FROM targets WHERE name = 'crm' FOR UPDATE`);
      locked();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await client.query('SELECT 1');
    });
    frozen.catch(() => undefined);
    await holding;
    const other = new pg.Client({ connectionString: schema.url });
    await other.connect();
    try {
      // Without the timeout this waits the whole 2 s (and a stopped process: until TCP keepalive, hours).
      await other.query(`SET lock_timeout = 1500`);
      const startedAt = Date.now();
      await other.query(`SELECT * FROM targets WHERE name = 'crm' FOR UPDATE`);
      expect(Date.now() - startedAt).toBeLessThan(1_500);
    } finally {
      await other.end();
    }
    // The stalled transaction learns it was ended: a transient store error, and its connection is not reused.
    const failure = await frozen.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).transient).toBe(true);
    expect(
      await connections.query(
        async (client) => (await client.query<{ one: number }>('SELECT 1 AS one')).rows,
      ),
    ).toEqual([{ one: 1 }]);
  });
});
