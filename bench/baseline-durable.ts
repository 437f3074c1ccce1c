import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { receiveSigned, sendJson, type ReceivedEvent } from './receive-signed.js';
import { serveBaseline } from './serve-baseline.js';

/**
 * The ceiling for a durable receiver: the bare receiver plus a grouped SQLite commit of the event before it
 * answers (better-sqlite3, WAL, synchronous=NORMAL, as the gateway's default `durability: process`). Requests that
 * arrive while a commit is pending join it: one transaction for all, each answered after it. Env: PORT,
 * WEBHOOK_SECRET, DATA_DIR.
 */
const secret = process.env.WEBHOOK_SECRET ?? '';
const dataDir = process.env.DATA_DIR ?? '';
if (secret === '' || dataDir === '') throw new Error('WEBHOOK_SECRET and DATA_DIR are required');

mkdirSync(dataDir, { recursive: true });
const db = new Database(join(dataDir, 'baseline.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, type TEXT NOT NULL, received_at INTEGER NOT NULL, body TEXT NOT NULL
)`);
const insert = db.prepare<[string, string, number, string]>(
  'INSERT OR IGNORE INTO events (id, type, received_at, body) VALUES (?, ?, ?, ?)',
);

interface Pending {
  readonly event: ReceivedEvent;
  readonly done: (error?: Error) => void;
}

let pending: Pending[] = [];
let scheduled = false;

const commitAll = db.transaction((batch: readonly Pending[]) => {
  const now = Date.now();
  for (const { event } of batch) insert.run(event.id, event.type, now, event.raw);
});

function flush(): void {
  scheduled = false;
  const batch = pending;
  pending = [];
  try {
    commitAll(batch);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    for (const waiting of batch) waiting.done(failure);
    return;
  }
  for (const waiting of batch) waiting.done();
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
  () => db.close(),
);
