import { randomUUID } from 'node:crypto';
import pg, { type CustomTypesConfig } from 'pg';
import { StoreError } from '../../errors.js';
import type { OpenedStore, StoreSettings } from '../store-drivers.js';
import { measureDatabaseClock, type DatabaseClock } from './database-clock.js';
import { listenForWork, type WorkListener } from './listen-for-work.js';
import { createPostgresPaces } from './postgres-paces.js';
import { migratePostgres } from './postgres-schema.js';
import { takeTurnSql } from './postgres-sql.js';
import { PostgresStore } from './postgres-store.js';
import { redactDatabaseUrl } from './redact-database-url.js';

/** int8 (bigint) and numeric as numbers: every such value here is a count or milliseconds, far below 2^53. */
const numericOids: ReadonlySet<number> = new Set([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const builtinParser = pg.types.getTypeParser.bind(pg.types) as (oid: number) => (value: string) => unknown;
const types = {
  getTypeParser: ((oid: number) =>
    numericOids.has(oid) ? Number : builtinParser(oid)) as unknown as CustomTypesConfig['getTypeParser'],
};

/** How long a replica waits for a connection before the operation fails (and ingest answers 503). */
const connectionTimeoutMillis = 5_000;

/**
 * Opens the PostgreSQL store (fleet mode): a small pool, the schema migrated (safe with several replicas
 * starting at once), the database's clock, and LISTEN for other replicas' new work. An unreachable database or a
 * wrong URL stops the start with a message that names the server but never the password.
 */
export async function openPostgresDriver(settings: StoreSettings): Promise<OpenedStore> {
  const url = settings.databaseUrl;
  if (url === undefined) throw new StoreError('server.store postgres needs server.databaseUrl');
  const shown = redactDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.databasePool,
    connectionTimeoutMillis,
    application_name: 'hookgate',
    types,
  });
  // Without a listener, an idle connection's error (the server restarting) would end the process.
  pool.on('error', (error) =>
    settings.logger?.warn({ err: describe(error) }, 'postgres: idle connection lost'),
  );
  let clock: DatabaseClock;
  try {
    if (settings.purpose === 'gateway') await migratePostgres(pool);
    else await pool.query('SELECT 1 FROM hookgate_migrations LIMIT 1');
    clock = await measureDatabaseClock(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError(`cannot open the PostgreSQL store at ${shown}: ${describe(error)}`, {
      cause: error,
    });
  }
  // Names this replica: the holder of once-per-fleet jobs, and the sender of its wake-ups.
  const holder = randomUUID();
  const store = new PostgresStore(pool, {
    replicaId: holder,
    ...(settings.dedupeWindowMs !== undefined ? { dedupeWindowMs: settings.dedupeWindowMs } : {}),
  });
  let listener: WorkListener | undefined;
  return {
    store,
    archive: store.archive,
    shared: true,
    now: () => clock.now(),
    paces: createPostgresPaces(pool),
    async takeTurn(job, intervalMs) {
      const { rows } = await pool.query(takeTurnSql, [job, holder, intervalMs]);
      return rows.length > 0;
    },
    onWork(wake) {
      const arrived = (): void => {
        store.workArrived();
        wake();
      };
      listener = listenForWork(url, arrived, settings.logger, holder);
    },
    async close() {
      clock.stop();
      await listener?.close();
      await store.close();
    },
  };
}

/** An error's message without the connection string (pg never puts the password in its messages). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}
