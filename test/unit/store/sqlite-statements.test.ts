import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { dueSql } from '../../../src/store/sqlite-statements.js';
import { databaseFileName, openSqliteStore } from '../../../src/store/sqlite-store.js';
import { removeTempDirs, tempDir } from './sqlite-test-store.js';

afterAll(removeTempDirs);

describe('sqlite statements', () => {
  it('finds due work with a few steps on the due index, without sorting the backlog', async () => {
    const dataDir = tempDir();
    await openSqliteStore({ dataDir }).close();
    const db = new Database(join(dataDir, databaseFileName), { readonly: true });
    const planOf = (sql: string): string[] => {
      const params = Array.from(sql.matchAll(/\?/g), () => 1);
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
        (p) => p.detail,
      );
    };
    expect(planOf(dueSql.nextDueTarget)).toEqual([
      expect.stringMatching(/^SEARCH deliveries USING INDEX deliveries_due/),
    ]);
    // Each claimed delivery's event comes by its primary key in the same query: no sort, no scan.
    expect(planOf(dueSql.selectDue)).toEqual([
      expect.stringMatching(/^SEARCH d USING INDEX deliveries_due/),
      expect.stringMatching(/^SEARCH e USING INDEX sqlite_autoindex_events_1 \(id=\?\)/),
    ]);
    db.close();
  });
});
