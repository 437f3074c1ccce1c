import type { Logger } from 'pino';
import type { StoreKind } from '../config/gateway-config.js';
import { openMemoryDriver } from './memory-driver.js';
import { openPostgresDriver } from './postgres/postgres-driver.js';
import { openSqliteDriver } from './sqlite-driver.js';
import type { PaceStore } from '../targets/shared/shared-pacer-registry.js';
import type { ArchiveQueries } from './archive-queries.js';
import type { DedupeWindow, Store } from './store.js';

/** What any driver may need to open its store; each reads only its own keys. */
export interface StoreSettings {
  readonly dataDir: string;
  /** Holds a password: never log it (see `redactDatabaseUrl`). */
  readonly databaseUrl: string | undefined;
  readonly databasePool: number;
  readonly durability: 'process' | 'power';
  readonly dedupeWindowMs?: DedupeWindow;
  /**
   * 'gateway': create or migrate the store, and own it as the config says. 'cli': open an existing store beside
   * a running gateway, never create one; `named` says where its location came from, for error messages.
   */
  readonly purpose: 'gateway' | 'cli';
  readonly named?: string;
  readonly logger?: Logger;
}

/** An open store and what the gateway must know about it. */
export interface OpenedStore {
  readonly store: Store;
  /** The console's read-only questions. */
  readonly archive: ArchiveQueries;
  /**
   * True when other processes may use the same store at once (PostgreSQL): nothing in flight may be reset at
   * start, and the worker's per-target limits must be held by the store (see `ClaimRequest.gate`).
   */
  readonly shared: boolean;
  /** The clock every process of a shared store agrees on (the database's), when it is not this machine's. */
  readonly now?: () => number;
  /**
   * A shared store's once-per-fleet jobs (retention): true when this process took the job's turn for the next
   * `intervalMs` (a lease row in the database). Absent: every process runs its own jobs.
   */
  readonly takeTurn?: (job: string, intervalMs: number) => Promise<boolean>;
  /**
   * A shared store's paces of rate-limited destinations (Slack's per channel), so they hold fleet-wide. Absent:
   * each process paces in its own memory.
   */
  readonly paces?: PaceStore;
  /** A shared store: calls `wake` when another process committed work this one may take (LISTEN/NOTIFY). */
  readonly onWork?: (wake: () => void) => void;
  /** Closes the store and releases what came with it (the data folder lock). */
  close(): Promise<void>;
}

export type StoreDriver = (settings: StoreSettings) => Promise<OpenedStore>;

/** `server.store` → the driver that opens it. Adding a store is one driver file and one line here. */
export const storeDrivers: Readonly<Record<StoreKind, StoreDriver>> = {
  sqlite: openSqliteDriver,
  postgres: openPostgresDriver,
  memory: openMemoryDriver,
};

export function openStoreDriver(kind: StoreKind, settings: StoreSettings): Promise<OpenedStore> {
  return storeDrivers[kind](settings);
}
