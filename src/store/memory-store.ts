import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import type { ArchivedStore } from './archive-queries.js';
import { migrate } from './sqlite-schema.js';
import { SqliteStore } from './sqlite-store.js';
import type { DedupeWindow, Store } from './store.js';

export interface MemoryStoreOptions {
  readonly dedupeWindowMs?: DedupeWindow;
}

/**
 * `store: memory`: the SQLite store's tables and statements in a database that lives in this process only, so
 * the delivery state machine is written once. Nothing is written to disk and nothing survives `close`; for
 * tests and benchmarks.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store & ArchivedStore {
  const db = new Database(':memory:');
  try {
    db.pragma('foreign_keys = ON');
    migrate(db);
    return new SqliteStore(db, { dataDir: ':memory:', ...options });
  } catch (error) {
    db.close();
    throw error instanceof StoreError
      ? error
      : new StoreError('cannot prepare the memory store', { cause: error });
  }
}
