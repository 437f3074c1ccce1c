import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PreparedStatements } from '../../../../src/store/postgres/prepared-statements.js';
import { createTestSchema, type TestSchema } from '../../../helpers/postgres-schema.js';

describe('PreparedStatements', () => {
  const schemas: TestSchema[] = [];
  const pools: pg.Pool[] = [];

  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end().catch(() => undefined);
    for (const schema of schemas.splice(0)) await schema.drop();
  });

  async function poolOfOne(): Promise<pg.Pool> {
    const schema = await createTestSchema();
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: schema.url, max: 1 });
    pools.push(pool);
    await pool.query('CREATE TABLE t (n integer)');
    return pool;
  }

  it('prepares a statement once per connection and runs it by name after that', async () => {
    const pool = await poolOfOne();
    const statements = new PreparedStatements();
    const client = await pool.connect();
    try {
      for (const n of [1, 2]) await statements.query(client, 'insert_n', 'INSERT INTO t VALUES ($1)', [n]);
      const { rows } = await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
      expect(rows.map((row) => row.name)).toEqual(['insert_n']);
      expect(statements.prepared).toBe(true);
    } finally {
      client.release();
    }
    expect((await pool.query('SELECT n FROM t ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('sends the statement again unnamed, once, when the server lost it (a pooler that cannot keep it)', async () => {
    const pool = await poolOfOne();
    const statements = new PreparedStatements();
    const client = await pool.connect();
    try {
      await statements.query(client, 'insert_n', 'INSERT INTO t VALUES ($1)', [1]);
      // What pgbouncer in transaction mode does to pg: the next call lands on a server connection that never
      // saw the statement, while the client believes it is prepared.
      await client.query('DEALLOCATE insert_n');
      await statements.query(client, 'insert_n', 'INSERT INTO t VALUES ($1)', [2]);
      expect(statements.prepared).toBe(false);
      await statements.query(client, 'insert_n', 'INSERT INTO t VALUES ($1)', [3]);
      const { rows } = await client.query('SELECT name FROM pg_prepared_statements');
      expect(rows).toEqual([]);
    } finally {
      client.release();
    }
    // Each value once: the refused call inserted nothing.
    expect((await pool.query('SELECT n FROM t ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('sends the statement unnamed when the server connection already has one of that name (another client prepared it)', async () => {
    const pool = await poolOfOne();
    const statements = new PreparedStatements();
    const client = await pool.connect();
    try {
      // What pgbouncer in transaction mode does: this server connection served another client that prepared the
      // statement, while this client has never prepared it.
      await client.query('PREPARE insert_n (integer) AS INSERT INTO t VALUES ($1)');
      await statements.query(client, 'insert_n', 'INSERT INTO t VALUES ($1)', [1]);
      expect(statements.prepared).toBe(false);
    } finally {
      client.release();
    }
    expect((await pool.query('SELECT n FROM t ORDER BY n')).rows).toEqual([{ n: 1 }]);
  });

  it('passes any other error on and keeps preparing', async () => {
    const pool = await poolOfOne();
    const statements = new PreparedStatements();
    const client = await pool.connect();
    try {
      await expect(
        statements.query(client, 'bad', 'INSERT INTO missing VALUES ($1)', [1]),
      ).rejects.toMatchObject({
        code: '42P01',
      });
      expect(statements.prepared).toBe(true);
    } finally {
      client.release();
    }
  });
});
