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
    .query(
      `INSERT INTO events (id, type, received_at, body)
       SELECT id, type, $3, body FROM unnest($1::text[], $2::text[], $4::text[]) AS e(id, type, body)
       ON CONFLICT DO NOTHING`,
      [batch.map((p) => p.event.id), batch.map((p) => p.event.type), now, batch.map((p) => p.event.raw)],
    )
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
