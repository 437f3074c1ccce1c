import pg from 'pg';
import { receiveSigned, sendJson, type ReceivedEvent } from './receive-signed.js';
import { serveBaseline } from './serve-baseline.js';

/**
 * The ceiling for a receiver on PostgreSQL: the bare receiver plus one grouped INSERT of the events that arrived
 * together (one statement, one commit) before it answers, on a pool of 4 like the gateway's default. Env: PORT,
 * WEBHOOK_SECRET, DATABASE_URL (a schema of its own, through search_path).
 */
const secret = process.env.WEBHOOK_SECRET ?? '';
const url = process.env.DATABASE_URL ?? '';
if (secret === '' || url === '') throw new Error('WEBHOOK_SECRET and DATABASE_URL are required');

const pool = new pg.Pool({ connectionString: url, max: 4 });
pool.on('error', () => undefined);
await pool.query(`CREATE TABLE IF NOT EXISTS events (
  id text PRIMARY KEY, type text NOT NULL, received_at bigint NOT NULL, body text NOT NULL
)`);

/**
 * The bodies go as parameters of their own, as the gateway sends them (postgres-enqueue.ts): pg writes a text[]
 * parameter as an escaped array literal, element by element, which for 13 KB bodies cost more client CPU than the
 * rest of the statement, and a baseline that paid it would flatter the gateway.
 */
function insertSql(events: number): string {
  let text = statements.get(events);
  if (text === undefined) {
    const bodies = Array.from({ length: events }, (_, i) => `$${i + 4}::text`).join(', ');
    text = `INSERT INTO events (id, type, received_at, body)
      SELECT id, type, $3, body FROM unnest($1::text[], $2::text[], ARRAY[${bodies}]) AS e(id, type, body)
      ON CONFLICT DO NOTHING`;
    if (statements.size < 512) statements.set(events, text);
  }
  return text;
}

const statements = new Map<number, string>();

interface Pending {
  readonly event: ReceivedEvent;
  readonly done: (error?: Error) => void;
}

let pending: Pending[] = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  const batch = pending;
  pending = [];
  const now = Date.now();
  pool
    .query(insertSql(batch.length), [
      batch.map((p) => p.event.id),
      batch.map((p) => p.event.type),
      now,
      ...batch.map((p) => p.event.raw),
    ])
    .then(
      () => {
        for (const waiting of batch) waiting.done();
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const waiting of batch) waiting.done(failure);
      },
    );
}

function commit(event: ReceivedEvent): Promise<void> {
  return new Promise((resolve, reject) => {
    pending.push({ event, done: (error) => (error === undefined ? resolve() : reject(error)) });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}

serveBaseline(
  async (req, res) => {
    const event = await receiveSigned(req, res, secret);
    if (!event) return;
    await commit(event);
    sendJson(res, 200, { id: event.id, status: 'accepted' });
  },
  () => void pool.end(),
);
