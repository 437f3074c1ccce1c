import type { Pool } from 'pg';
import { databaseClockSql } from './postgres-sql.js';

export interface DatabaseClock {
  /** Milliseconds since the epoch on the database's clock, as far as this replica can tell. */
  now(): number;
  stop(): void;
}

/** How often the offset to the database's clock is measured again (local clocks drift, NTP steps them). */
const remeasureMs = 60_000;

/**
 * The database's clock, read through this machine's: the offset between the two is measured at open (half the
 * round trip is the error bound) and again every minute. Leases and due times of every replica then count on one
 * clock, so a replica whose clock runs ahead cannot take a lease early. A failed re-measure keeps the last offset.
 */
export async function measureDatabaseClock(pool: Pool): Promise<DatabaseClock> {
  let offset = await measureOffset(pool);
  const timer = setInterval(() => {
    measureOffset(pool).then(
      (next) => (offset = next),
      () => undefined,
    );
  }, remeasureMs);
  timer.unref();
  return {
    now: () => Math.round(Date.now() + offset),
    stop: () => clearInterval(timer),
  };
}

async function measureOffset(pool: Pool): Promise<number> {
  // The connection first: timed around pool.query, a wait for a free connection (up to the connect timeout on
  // a busy replica) counted as round trip and set this replica's clock ahead by half of it.
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client's connection error would otherwise be unhandled (the pool listens to idle ones only).
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    const before = Date.now();
    const { rows } = await client.query<{ now: number }>(databaseClockSql);
    const after = Date.now();
    const remote = rows[0]?.now;
    if (remote === undefined) throw new Error('the database did not tell its time');
    return remote - (before + after) / 2;
  } catch (error) {
    broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
