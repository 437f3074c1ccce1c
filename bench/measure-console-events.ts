import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { startGateway } from '../src/gateway.js';
import type { ArchiveFilter, EventCursor } from '../src/store/archive-queries.js';
import { databaseFileName, openSqliteStore } from '../src/store/sqlite-store.js';

/**
 * Measures (does not assert) the console's Events page query on a SQLite store holding 100,000 events: the first
 * page, a page deep down by cursor, and each filter. Run: npm run build && node dist/bench/measure-console-events.js
 */
const total = Number(process.env.EVENTS ?? 100_000);
// One event a second up to a minute ago: within the default 7-day retention, so the started gateway keeps them all.
const t0 = Date.now() - total * 1000 - 60_000;
const dir = mkdtempSync(join(tmpdir(), 'hookgate-console-bench-'));
try {
  await openSqliteStore({ dataDir: dir }).close();
  seed(join(dir, databaseFileName));
  const store = openSqliteStore({ dataDir: dir });
  const time = async (label: string, filter: ArchiveFilter, cursor?: EventCursor): Promise<void> => {
    const runs: number[] = [];
    let count = 0;
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      count = (await store.archive.findEvents(filter, cursor, 50)).events.length;
      runs.push(performance.now() - start);
    }
    runs.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(48)} median ${runs[3]!.toFixed(2)} ms  (min ${runs[0]!.toFixed(2)}, max ${runs[6]!.toFixed(2)}; ${count} rows)`,
    );
  };
  await time('first page, no filter', {});
  await time(
    'deep page (cursor after 90,000 newer events)',
    {},
    { receivedAt: t0 + (total - 90_000) * 1000, id: 'evt_~' },
  );
  await time('source = github', { source: 'github' });
  await time('type = push (one of 5 types)', { type: 'push' });
  await time('status = delivered', { status: 'delivered' });
  await time('status = dead (1 in 100)', { status: 'dead' });
  await time('status = unrouted (none: scans all)', { status: 'unrouted' });
  await time('target = mail', { target: 'mail' });
  await time('time range (one hour in the middle)', {
    from: t0 + 50_000_000,
    to: t0 + 50_000_000 + 3_600_000,
  });
  await time('search by delivery id', { search: `evt_${String(total / 2).padStart(7, '0')}_d0` });
  await time(
    'status = dead and target = mail (deep cursor)',
    { status: 'dead', target: 'mail' },
    { receivedAt: t0 + 10_000_000, id: 'evt_~' },
  );
  await store.close();
  await timePages(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** The same through the running gateway: the Events page over HTTP, signed in, rendering included. */
async function timePages(dataDir: string): Promise<void> {
  const configFile = join(dataDir, 'gateway.yaml');
  writeFileSync(
    configFile,
    `server: { dataDir: "${dataDir}" }
sources:
  connect-it:
    verify: { scheme: connect-it, secrets: ["bench"] }
    events: { test.completed: {} }
targets:
  slack: { type: http, url: "http://127.0.0.1:9/" }
  mail: { type: http, url: "http://127.0.0.1:9/" }
routes:
  - { name: r, events: test.completed, to: [slack, mail] }
`,
  );
  const token = 'bench-admin-token';
  const gateway = await startGateway({
    configFile,
    env: { ADMIN_TOKEN: token },
    logger: pino({ level: 'silent' }),
    port: 0,
  });
  try {
    const signIn = await fetch(`${gateway.url}/console/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const first = await fetch(`${gateway.url}/console/events`, { headers: { cookie } });
    const next = /href="(\/console\/events\?[^"]*after=[^"]+)"/
      .exec(await first.text())?.[1]
      ?.replace(/&amp;/g, '&');
    for (const [label, path] of [
      ['HTTP: Events page, first page', '/console/events'],
      ['HTTP: Events page, second page by cursor', next ?? '/console/events'],
      ['HTTP: Events page, status = dead', '/console/events?status=dead'],
      ['HTTP: Events page, status = unrouted (worst)', '/console/events?status=unrouted'],
      ['HTTP: Overview', '/console'],
    ] as const) {
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) {
        const start = performance.now();
        const response = await fetch(`${gateway.url}${path}`, { headers: { cookie } });
        await response.text();
        if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
        runs.push(performance.now() - start);
      }
      runs.sort((a, b) => a - b);
      console.log(
        `${label.padEnd(48)} median ${runs[3]!.toFixed(2)} ms  (min ${runs[0]!.toFixed(2)}, max ${runs[6]!.toFixed(2)})`,
      );
    }
  } finally {
    await gateway.stop();
  }
}

function seed(file: string): void {
  const db = new Database(file);
  const insertEvent = db.prepare(
    `INSERT INTO events (id, source, type, dedupe_key, received_at, raw_body) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertDelivery = db.prepare(
    `INSERT INTO deliveries (id, event_id, route, target, status, attempts, round, round_started_at, next_attempt_at,
       created_at, updated_at, delivered_at) VALUES (?, ?, 'r', ?, ?, 1, 1, ?, NULL, ?, ?, ?)`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO attempts (delivery_id, round, attempt, started_at, duration_ms, outcome, http_status, error, message,
       next_attempt_at) VALUES (?, 1, 1, ?, 20, ?, 200, NULL, '{"text":"hello"}', NULL)`,
  );
  const sources = ['connect-it', 'github', 'stripe'];
  const types = ['transcript.completed', 'push', 'invoice.paid', 'test.completed', 'issue.opened'];
  db.transaction(() => {
    for (let i = 0; i < total; i++) {
      const id = `evt_${String(i).padStart(7, '0')}`;
      const at = t0 + i * 1000;
      const body = JSON.stringify({ id, data: { text: 'x'.repeat(200) } });
      insertEvent.run(id, sources[i % 3], types[i % 5], id, at, body);
      const status = i % 100 === 0 ? 'dead' : 'delivered';
      for (const [n, target] of (i % 2 === 0 ? ['slack', 'mail'] : ['slack']).entries()) {
        insertDelivery.run(
          `${id}_d${n}`,
          id,
          target,
          status,
          at,
          at,
          at + 50,
          status === 'delivered' ? at + 50 : null,
        );
        insertAttempt.run(`${id}_d${n}`, at + 10, status === 'delivered' ? 'success' : 'permanent');
      }
    }
  })();
  db.close();
}
