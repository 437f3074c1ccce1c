import type { Pool, PoolClient } from 'pg';
import type { StoreError } from '../../errors.js';
import { closedError, wrapStoreError } from '../wrap-store-error.js';
import { isTransientPostgresError } from './transient-postgres-error.js';

/** Far longer than any pause between two statements of a live transaction, far shorter than a lease. */
export const defaultIdleInTransactionMs = 10_000;

/**
 * Lends the pool's connections to the store's work, alone or in a transaction, and keeps track of what is running
 * so closing waits for it. A connection that failed is dropped, never handed to the next caller; every error
 * leaves as a StoreError (transient when the database or the network was at fault).
 */
export class PostgresConnections {
  private isClosed = false;
  private readonly pending = new Set<Promise<unknown>>();

  private readonly begin: string;

  /**
   * `idleInTransactionMs`: how long the server lets one of these transactions sit idle between statements before
   * it ends it (and its locks with it). A replica that is stopped (SIGSTOP, a VM paused) or cut off without its
   * connection closing would otherwise hold its row locks until TCP keepalive noticed, hours by default. Set per
   * transaction (`SET LOCAL`, sent with BEGIN in one round trip), so it also works behind pgbouncer.
   */
  constructor(
    private readonly pool: Pool,
    idleInTransactionMs = defaultIdleInTransactionMs,
  ) {
    this.begin = `BEGIN; SET LOCAL idle_in_transaction_session_timeout = ${Math.max(1, Math.round(idleInTransactionMs))}`;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  query<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(work, false);
  }

  transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(work, true);
  }

  /** Counts `promise` among the work `close` waits for. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const forget = () => this.pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Refuses new work, waits for what is running, and ends the pool. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await Promise.allSettled([...this.pending]);
    await this.pool.end();
  }

  private withClient<T>(work: (client: PoolClient) => Promise<T>, transaction: boolean): Promise<T> {
    if (this.isClosed) return Promise.reject(closedError());
    return this.track(
      (async () => {
        let client: PoolClient;
        try {
          client = await this.pool.connect();
        } catch (error) {
          throw asStoreError(error);
        }
        let broken: Error | undefined;
        // The pool listens for errors of idle clients only: one checked out whose connection drops between two
        // queries would otherwise raise an unhandled 'error' and end the process.
        const onError = (error: Error): void => {
          broken = error;
        };
        client.on('error', onError);
        try {
          if (!transaction) return await work(client);
          await client.query(this.begin);
          try {
            const result = await work(client);
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK').catch((rollbackError: unknown) => {
              broken = rollbackError as Error;
            });
            throw error;
          }
        } catch (error) {
          if (isTransientPostgresError(error)) broken ??= error as Error;
          throw asStoreError(error);
        } finally {
          client.off('error', onError);
          // A connection that failed is dropped, not handed to the next caller.
          client.release(broken);
        }
      })(),
    );
  }
}

/** What the PostgreSQL store rejects with: a `StoreError` as it is, anything else wrapped (transient or not). */
export function asStoreError(error: unknown): StoreError {
  return wrapStoreError(error, isTransientPostgresError);
}
