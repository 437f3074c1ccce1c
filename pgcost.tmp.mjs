import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { migratePostgres } from './dist/src/store/postgres/postgres-schema.js';
import { enqueueInRounds } from './dist/src/store/postgres/postgres-enqueue.js';
const base = 'postgres://postgres@127.0.0.1:5432/test';
const body = JSON.stringify({ type: 'transcript.completed', data: { text: 'x'.repeat(13000) } });
const batches = Number(process.env.BATCHES ?? 150), size = 32;
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
async function gateway(version) {
  const url = await schema(`pgcost_v${version}`);
  const pool = new pg.Pool({ connectionString: url, max: 1 }); await migratePostgres(pool, version);
  const client = await pool.connect();
  const t = process.hrtime.bigint();
  for (let i = 0; i < batches; i++) await enqueueInRounds((w) => w(client), items(), { windowOf: () => 86400000, replicaId: 'x' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6; client.release(); await pool.end(); return ms / batches;
}
async function baseline() {
  const url = await schema('pgcost_base'); const client = new pg.Client({ connectionString: url }); await client.connect();
  await client.query(`CREATE TABLE IF NOT EXISTS events (id text PRIMARY KEY, type text NOT NULL, received_at bigint NOT NULL, body text NOT NULL)`);
  const t = process.hrtime.bigint();
  for (let i = 0; i < batches; i++) { const b = items();
    await client.query(`INSERT INTO events (id, type, received_at, body) SELECT id, type, $3, body FROM unnest($1::text[], $2::text[], $4::text[]) AS e(id, type, body) ON CONFLICT DO NOTHING`,
      [b.map((p) => p.event.id), b.map((p) => p.event.type), Date.now(), b.map((p) => p.event.rawBody)]); }
  const ms = Number(process.hrtime.bigint() - t) / 1e6; await client.end(); return ms / batches;
}
for (let round = 0; round < 3; round++) {
  const b = await baseline(), v3 = await gateway(3), v5 = await gateway(5), v3b = await gateway(3), v5b = await gateway(5); console.log(`  second pair: v3 ${v3b.toFixed(2)} v5 ${v5b.toFixed(2)}`);
  console.log(`round ${round}: ms per batch of 32: baseline ${b.toFixed(2)}, gateway schema v3 ${v3.toFixed(2)} (${(v3/b).toFixed(2)}x), v5 ${v5.toFixed(2)} (${(v5/b).toFixed(2)}x)`);
}
const a = new pg.Client({ connectionString: base }); await a.connect();
for (const n of ['pgcost_v3','pgcost_v5','pgcost_base']) await a.query(`DROP SCHEMA IF EXISTS ${n} CASCADE`); await a.end();
