import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { prepareDataDir } from './prepare-data-dir.js';

export const lockFileName = 'hookgate.lock';
const pidFileName = 'hookgate.pid';

export interface DataDirLock {
  release(): void;
}

/**
 * Claims the data folder for this process, or throws a `StoreError` naming the process that holds it. Two gateways
 * on one store would each take the other's in-flight deliveries for interrupted ones and send them again.
 *
 * The lock is SQLite's own file lock (POSIX fcntl) on a separate file, held by an exclusive transaction that is
 * never committed: the kernel drops it when the process ends in any way, SIGKILL included, so a crash cannot
 * leave it behind. It is not taken on hookgate.db itself, so the CLI can still read and replay beside a running
 * gateway (WAL mode).
 */
export function lockDataDir(dataDir: string): DataDirLock {
  prepareDataDir(dataDir);
  const path = join(dataDir, lockFileName);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 0 });
  } catch (error) {
    throw new StoreError(`cannot open ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY')
      throw new StoreError(`cannot lock ${path}: ${(error as Error).message}`, { cause: error });
    throw new StoreError(
      `the data folder ${dataDir} is in use by another hookgate process${holder(dataDir)}; stop it first, or ` +
        'give this one another server.dataDir',
      { cause: error },
    );
  }
  // For the message above only: the lock itself, not this file, decides who holds the folder.
  writeFileSync(join(dataDir, pidFileName), `${process.pid}\n`);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      db.close();
    },
  };
}

function holder(dataDir: string): string {
  try {
    const pid = readFileSync(join(dataDir, pidFileName), 'utf8').trim();
    return /^\d+$/.test(pid) ? ` (pid ${pid})` : '';
  } catch {
    return '';
  }
}
