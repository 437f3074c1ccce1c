import pg from 'pg';
const base = 'postgres://postgres@127.0.0.1:5432/test';
const a = new pg.Client({ connectionString: base }); await a.connect();
await a.query(`DROP SCHEMA IF EXISTS notify_probe CASCADE; CREATE SCHEMA notify_probe; CREATE TABLE notify_probe.t (id bigserial primary key, body text)`);
await a.end();
const pool = new pg.Pool({ connectionString: base, max: 4 });
async function run(notify, ms = 4000) {
  let n = 0; const end = Date.now() + ms;
  await Promise.all([0, 1, 2, 3].map(async () => {
    while (Date.now() < end) {
      await pool.query(notify ? `WITH i AS (INSERT INTO notify_probe.t (body) SELECT repeat('x', 500) FROM generate_series(1, 8) RETURNING id) SELECT pg_notify('notify_probe_channel', 'x') FROM i LIMIT 1`
                              : `WITH i AS (INSERT INTO notify_probe.t (body) SELECT repeat('x', 500) FROM generate_series(1, 8) RETURNING id) SELECT 1 FROM i LIMIT 1`);
      n++;
    }
  }));
  return n / (ms / 1000);
}
for (let r = 0; r < 6; r++) console.log(`round ${r}: commits/s without NOTIFY ${(await run(false)).toFixed(0)}, with NOTIFY ${(await run(true)).toFixed(0)}`);
await pool.query('DROP SCHEMA notify_probe CASCADE'); await pool.end();
