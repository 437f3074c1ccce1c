import pg from 'pg';

export interface BenchSchema {
  /** A URL whose sessions use only this schema (search_path). */
  readonly url: string;
  /** Empties it: dropped and made again. */
  reset(): Promise<void>;
  drop(): Promise<void>;
}

/** A schema of the bench's own in the given database; fails when the database cannot be reached. */
export async function benchSchema(adminUrl: string): Promise<BenchSchema> {
  const name = `hookgate_bench_${process.pid}`;
  const run = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE SCHEMA IF NOT EXISTS ${name}`);
  const url = new URL(adminUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    reset: () => run(`DROP SCHEMA IF EXISTS ${name} CASCADE; CREATE SCHEMA ${name}`),
    drop: () => run(`DROP SCHEMA IF EXISTS ${name} CASCADE`),
  };
}
