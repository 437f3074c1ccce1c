import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCheckpointer, type Checkpointer } from '../../../src/store/sqlite-checkpointer.js';

const dirs: string[] = [];
const running: Checkpointer[] = [];
const open: Database.Database[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function walDatabase(): { db: Database.Database; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-checkpoint-'));
  dirs.push(dir);
  const file = join(dir, 'test.db');
  const db = new Database(file);
  open.push(db);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (body TEXT NOT NULL)');
  return { db, file };
}

/** Commits `count` rows of 4 KB each, one transaction each: about a WAL page or two per commit. */
function write(db: Database.Database, count: number): void {
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  for (let i = 0; i < count; i++) insert.run('x'.repeat(4000));
}

describe('startCheckpointer', () => {
  it('turns off the automatic checkpoint of the main connection', () => {
    const { db, file } = walDatabase();
    running.push(startCheckpointer({ db, file, intervalMs: 60_000 }));
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  });

  it('checkpoints from the worker thread: the main connection finds the WAL copied already', async () => {
    const { db, file } = walDatabase();
    const checkpointer = startCheckpointer({ db, file, intervalMs: 20, fallbackCheckMs: 60_000 });
    running.push(checkpointer);
    write(db, 1_500);
    // Past SQLite's default of 1,000 pages the main connection would have checkpointed inside a commit.
    const before = checkpointer.stats().background;
    await vi.waitFor(() => expect(checkpointer.stats().background).toBeGreaterThan(before + 1), {
      timeout: 10_000,
      interval: 20,
    });
    // The rows reached the database file itself: only a checkpoint copies them there from the WAL.
    expect(statSync(file).size).toBeGreaterThan(1_500 * 4_000);
    expect(checkpointer.stats().fallback).toBe(0);
  });

  it('restarts the WAL from the worker once it has copied it, so later commits do not lengthen it', async () => {
    const { db, file } = walDatabase();
    const checkpointer = startCheckpointer({
      db,
      file,
      intervalMs: 20,
      restartPages: 500,
      fallbackCheckMs: 60_000,
    });
    running.push(checkpointer);
    write(db, 600);
    await vi.waitFor(() => expect(checkpointer.stats().restarts).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 20,
    });
    const size = statSync(`${file}-wal`).size;
    write(db, 10);
    // The next commits wrote from the WAL's start: a checkpoint now finds a few frames, not 600 and more.
    const [state] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    expect(state?.log).toBeLessThan(100);
    expect(statSync(`${file}-wal`).size).toBe(size);
  });

  it('checkpoints on the main connection when the WAL grows past the fallback size', async () => {
    const { db, file } = walDatabase();
    // The worker waits a minute: only the fallback can checkpoint here.
    const checkpointer = startCheckpointer({
      db,
      file,
      intervalMs: 60_000,
      fallbackPages: 100,
      fallbackCheckMs: 20,
    });
    running.push(checkpointer);
    write(db, 50);
    expect(checkpointer.stats().fallback).toBe(0);
    const unchecked = statSync(file).size;
    write(db, 200);
    await vi.waitFor(() => expect(checkpointer.stats().fallback).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 20,
    });
    expect(checkpointer.stats().background).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(unchecked + 200 * 4_000);
    // The WAL is reused from its start once copied: more writes do not lengthen it without bound.
    const size = statSync(`${file}-wal`).size;
    write(db, 50);
    expect(statSync(`${file}-wal`).size).toBe(size);
  });

  it('stops cleanly: the worker closes its connection, and closing the main one removes the WAL', async () => {
    const { db, file } = walDatabase();
    const checkpointer = startCheckpointer({ db, file, intervalMs: 10 });
    write(db, 20);
    await vi.waitFor(() => expect(checkpointer.stats().background).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 10,
    });
    await checkpointer.stop();
    await checkpointer.stop();
    const after = checkpointer.stats().background;
    db.close();
    // Only the last connection to close removes the WAL: the worker's was closed before.
    expect(existsSync(`${file}-wal`)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(checkpointer.stats().background).toBe(after);
  });

  it('holds the process open while the worker stops (a shutting-down gateway may have nothing else)', async () => {
    const { db, file } = walDatabase();
    const checkpointer = startCheckpointer({ db, file, intervalMs: 60_000 });
    // The worker is unref'd while it runs; stop() must ref it, or Node could exit before the store closed.
    const ref = vi.spyOn(Worker.prototype, 'ref');
    try {
      await checkpointer.stop();
      expect(ref).toHaveBeenCalled();
    } finally {
      ref.mockRestore();
    }
  });

  it('goes back to automatic checkpoints when the worker fails', async () => {
    const { db, file } = walDatabase();
    const errors: Error[] = [];
    // A file that is not there: the worker cannot open it (fileMustExist) and exits with an error.
    const checkpointer = startCheckpointer({
      db,
      file: `${file}.missing`,
      intervalMs: 10,
      onError: (error) => errors.push(error),
    });
    running.push(checkpointer);
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpointer.stop();
  });
});
