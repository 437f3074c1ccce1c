import pg from 'pg';
import { binaryTextArray } from '../src/store/postgres/binary-text-array.js';
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
 * Sent as the gateway sends its intake statement (postgres-enqueue.ts), so that neither pays for an encoding the
 * other avoids: the bodies as one text[] parameter in binary (each encoded once into a buffer of the exact size),
 * hence one statement text for any group size, prepared once per connection.
 */
const insertSql = `INSERT INTO events (id, type, received_at, body)
  SELECT id, type, $3, body FROM unnest($1::text[], $2::text[], $4::text[]) AS e(id, type, body)
  ON CONFLICT DO NOTHING`;

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
    .query({
      name: 'baseline_insert',
      text: insertSql,
      values: [
        batch.map((p) => p.event.id),
        batch.map((p) => p.event.type),
        now,
        binaryTextArray(batch.map((p) => p.event.raw)),
      ],
    })
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
