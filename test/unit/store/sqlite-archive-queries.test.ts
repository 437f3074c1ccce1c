import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { runArchiveContract } from '../../contract/archive-contract.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

runArchiveContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-archive-'));
  dirs.push(dir);
  return openSqliteStore({ dataDir: dir });
});
