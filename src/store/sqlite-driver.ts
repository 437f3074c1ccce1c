import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../errors.js';
import { lockDataDir } from './data-dir-lock.js';
import { databaseFileName, openSqliteStore } from './sqlite-store.js';
import type { OpenedStore, StoreSettings } from './store-drivers.js';

/**
 * The SQLite store in the data folder. The gateway locks the folder first (one gateway process per folder); the
 * CLI opens an existing store only, beside a running gateway (WAL mode lets both work).
 */
// Async so that a synchronous throw (a locked folder, no store) becomes the promise's rejection.
// eslint-disable-next-line @typescript-eslint/require-await
export async function openSqliteDriver(settings: StoreSettings): Promise<OpenedStore> {
  return settings.purpose === 'cli' ? openExisting(settings) : openOwned(settings);
}

function openOwned(settings: StoreSettings): OpenedStore {
  const lock = lockDataDir(settings.dataDir);
  try {
    const store = openSqliteStore({
      dataDir: settings.dataDir,
      durability: settings.durability,
      backgroundCheckpoint: {
        onError: (error) =>
          settings.logger?.error(
            { err: error },
            'the WAL checkpoint runs in commits again (its worker failed)',
          ),
      },
      ...(settings.dedupeWindowMs !== undefined ? { dedupeWindowMs: settings.dedupeWindowMs } : {}),
    });
    return {
      store,
      archive: store.archive,
      shared: false,
      async close() {
        try {
          await store.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function openExisting(settings: StoreSettings): OpenedStore {
  const file = join(settings.dataDir, databaseFileName);
  if (!existsSync(file)) {
    throw new StoreError(
      `there is no store at ${file} (${settings.named ?? 'the data folder'}); the gateway creates it when it first starts with this config`,
    );
  }
  const store = openSqliteStore({ dataDir: settings.dataDir, create: false });
  return { store, archive: store.archive, shared: false, close: () => store.close() };
}
