import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { migratePostgres } from './dist/src/store/postgres/postgres-schema.js';
import { enqueueGroupSql, groupParameters } from './dist/src/store/postgres/postgres-enqueue.js';
const base = 'postgres://postgres@127.0.0.1:5432/test';
const body = JSON.stringify({ type: 'transcript.completed', data: { text: 'x'.repeat(13000) } });
const size = 32;
async function schema(name) {
  const a = new pg.Client({ connectionString: base }); await a.connect();
  await a.query(`DROP SCHEMA IF EXISTS ${name} CASCADE; CREATE SCHEMA ${name}`); await a.end();
  return `${base}?options=-c%20search_path%3D${name}`;
}
let seq = 0;
function items() {
  return Array.from({ length: size }, () => { const id = `evt_${++seq}_${randomBytes(4).toString('hex')}`;
    return { event: { id, source: 'connect-it', type: 'transcript.completed', dedupeKey: id, receivedAt: Date.now(), payload: {}, rawBody: body },
      planned: [{ id: `${id}_d0`, route: 'all', target: 'crm' }] }; });
}
function parse(rows) {
  const text = rows.map((r) => r['QUERY PLAN']).join('\n');
  const wal = /WAL: records=(\d+)(?: fpi=\d+)? bytes=(\d+)/.exec(text);
  const exec = /Execution Time: ([\d.]+)/.exec(text);
  const hit = /Buffers: shared hit=(\d+)/.exec(text);
  return { records: Number(wal?.[1]), bytes: Number(wal?.[2]), exec: Number(exec?.[1]), hit: Number(hit?.[1]) };
}
async function measure(label, url, sql, params) {
  const c = new pg.Client({ connectionString: url }); await c.connect();
  const out = [];
  for (let i = 0; i < 60; i++) { const p = params(); const r = (await c.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${sql}`, p)).rows; if (i === 59 && process.env.SHOW) console.log(r.map((x) => x["QUERY PLAN"]).join("\n")); out.push(parse(r)); }
  await c.end();
  const tail = out.slice(10); const med = (k) => tail.map((o) => o[k]).sort((a, b) => a - b)[Math.floor(tail.length / 2)];
  console.log(`${label}: per batch of 32: WAL records ${med('records')}, WAL bytes ${med('bytes')}, shared buffer hits ${med('hit')}, execution ${med('exec')} ms`);
}
for (const v of [3, 5]) {
  const url = await schema(`pgwal_v${v}`); const pool = new pg.Pool({ connectionString: url, max: 1 }); await migratePostgres(pool, v); await pool.end();
  await measure(`gateway schema v${v}`, url, enqueueGroupSql(size), () => groupParameters(items(), { windowOf: () => 86400000, replicaId: 'x' }));
}
const url = await schema('pgwal_base'); const c = new pg.Client({ connectionString: url }); await c.connect();
await c.query(`CREATE TABLE events (id text PRIMARY KEY, type text NOT NULL, received_at bigint NOT NULL, body text NOT NULL)`); await c.end();
await measure('PG baseline', url, `INSERT INTO events (id, type, received_at, body) SELECT id, type, $3, body FROM unnest($1::text[], $2::text[], $4::text[]) AS e(id, type, body) ON CONFLICT DO NOTHING`,
  () => { const b = items(); return [b.map((p) => p.event.id), b.map((p) => p.event.type), Date.now(), b.map((p) => p.event.rawBody)]; });
const a = new pg.Client({ connectionString: base }); await a.connect();
for (const n of ['pgwal_v3','pgwal_v5','pgwal_base']) await a.query(`DROP SCHEMA IF EXISTS ${n} CASCADE`); await a.end();
