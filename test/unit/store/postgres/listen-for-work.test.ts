import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForWork } from '../../../../src/store/postgres/listen-for-work.js';
import { adminQuery, postgresAdminUrl } from '../../../helpers/postgres-schema.js';
import { waitUntil } from '../../../helpers/wait-until.js';

// NOTIFY reaches every session of a database: a database of its own keeps other tests' wake-ups out of the count.
const database = `hookgate_listen_${randomBytes(4).toString('hex')}`;
const url = new URL(postgresAdminUrl);
url.pathname = `/${database}`;

beforeAll(() => adminQuery(`CREATE DATABASE ${database}`));
afterAll(() => adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

describe('listenForWork', () => {
  it("wakes for another replica's commits and skips its own", async () => {
    let wakes = 0;
    const listener = listenForWork(url.toString(), () => wakes++, undefined, 'me');
    const sender = new pg.Client({ connectionString: url.toString() });
    await sender.connect();
    try {
      // Once listening it looks once, for work committed while it was not.
      await waitUntil('the first look', () => (wakes === 1 ? true : undefined));
      // One commit, so both arrive together, its own first: had it not been skipped, the count would be past 2
      // by the time the other's wake-up is seen.
      await sender.query(
        `BEGIN; SELECT pg_notify('hookgate_work', 'me'); SELECT pg_notify('hookgate_work', 'another'); COMMIT`,
      );
      await waitUntil('the other replica wake-up', () => (wakes >= 2 ? true : undefined));
      expect(wakes).toBe(2);
    } finally {
      await sender.end();
      await listener.close();
    }
  });
});
