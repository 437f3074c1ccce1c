import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresDriver } from '../../src/store/postgres/postgres-driver.js';
import type { OpenedStore, StoreSettings } from '../../src/store/store-drivers.js';

/** The machine's PostgreSQL (trust auth): tests make their own schema in database `test` and drop it after. */
export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  readonly name: string;
  /** A connection URL whose sessions use only this schema (search_path). */
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty schema with a random name; `drop` removes it with everything in it. */
export async function createTestSchema(): Promise<TestSchema> {
  const name = `hookgate_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${name}`);
  const url = new URL(postgresAdminUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(`DROP SCHEMA IF EXISTS ${name} CASCADE`),
  };
}

/** Runs one statement as the admin user in database `test` (CREATE/DROP SCHEMA or DATABASE). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Opens the PostgreSQL store at `url` as a gateway would, with a small pool; `extra` overrides any setting. */
export function openTestPostgres(url: string, extra: Partial<StoreSettings> = {}): Promise<OpenedStore> {
  return openPostgresDriver({
    dataDir: '.',
    databaseUrl: url,
    databasePool: 2,
    durability: 'process',
    purpose: 'gateway',
    ...extra,
  });
}
