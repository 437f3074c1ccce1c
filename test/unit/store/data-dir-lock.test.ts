import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { lockDataDir } from '../../../src/store/data-dir-lock.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hookgate-lock-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lockDataDir', () => {
  it('lets one holder in at a time and names it to the next', () => {
    const dataDir = join(dir, 'one');
    const lock = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).toThrow(
      new StoreError(
        `the data folder ${dataDir} is in use by another hookgate process (pid ${process.pid}); stop it first, or give this one another server.dataDir`,
      ),
    );
    lock.release();
    lockDataDir(dataDir).release();
  });

  it('leaves the database itself open to other connections (the CLI beside a running gateway)', async () => {
    const dataDir = join(dir, 'two');
    const lock = lockDataDir(dataDir);
    const gateway = openSqliteStore({ dataDir });
    const cli = openSqliteStore({ dataDir, create: false });
    expect(await cli.listEvents({ limit: 1 })).toEqual([]);
    await cli.close();
    await gateway.close();
    lock.release();
  });

  it('says clearly when the folder cannot be created', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(() => lockDataDir(join(file, 'data'))).toThrow(
      /^cannot create the data folder .*a-file\/data \(ENOTDIR\); create it, or set server\.dataDir \(or DATA_DIR\) to a folder this user may write$/,
    );
  });
});
