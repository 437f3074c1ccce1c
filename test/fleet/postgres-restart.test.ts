import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../helpers/gateway-process.js';
import { HttpSink } from '../helpers/http-sink.js';
import { oneTargetConfig } from '../helpers/one-target-config.js';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.js';
import { SteadySender } from './steady-sender.js';

const secret = 'restart-secret';
const leaseMs = 4_000;

/**
 * The database itself restarts (immediate mode: no checkpoint, crash recovery at the next start) while a built
 * gateway ingests without pause. The cluster is the test's own (`startPrivatePostgres`), so the machine's
 * PostgreSQL is never stopped.
 */
describe('fleet: PostgreSQL restarts in immediate mode during ingest', () => {
  let cluster: PrivatePostgres | undefined;
  let sink: HttpSink;
  let gateway: GatewayProcess | undefined;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    sink = await new HttpSink().start();
    dir = mkdtempSync(join(tmpdir(), 'hookgate-pg-restart-'));
    const file = join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      oneTargetConfig({
        secret,
        url: `${sink.url}/in`,
        server: [
          'port: ${PORT}',
          'host: 127.0.0.1',
          'store: postgres',
          'databaseUrl: ${DATABASE_URL}',
          `deliveryLease: ${leaseMs}ms`,
          'shutdownTimeoutMs: 1000',
        ],
        target: 'retry: { preset: standard, attempts: 30, baseDelay: 100ms, maxDelay: 500ms }',
      }),
    );
    gateway = spawnGateway(file, { PORT: '0', DATABASE_URL: cluster.url });
    base = `http://127.0.0.1:${await gateway.ready(30_000)}`;
  }, 120_000);

  // The cluster goes even when a step above failed: no server is left running, no folder left behind.
  afterAll(async () => {
    gateway?.child.kill('SIGKILL');
    await gateway?.exited;
    await sink.stop();
    await cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const readyz = async (): Promise<number> => {
    try {
      const response = await fetch(`${base}/readyz`);
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  };

  it('answers 503 (never 2xx) and is not ready while the database is down, recovers alone, loses nothing', async () => {
    const db = cluster;
    if (!db) throw new Error('no cluster');
    const sender = new SteadySender(`${base}/webhook`, secret);
    sender.start();
    try {
      await settled('200 events accepted before the stop', () => sender.accepted().length >= 200, 30_000);

      await db.stopImmediately();
      // From here the server is gone: nothing can commit until the start below.
      const downAt = Date.now();
      const acceptedBeforeStop = sender.accepted().length;
      let readyzWhileDown = 0;
      await settled(
        '/readyz 503 and ingest answering 503 while the database is down',
        async () => {
          readyzWhileDown = await readyz();
          return (
            readyzWhileDown === 503 && sender.sent.some((s) => s.startedAt >= downAt && s.status === 503)
          );
        },
        30_000,
      );
      // Down for a while longer, so the senders meet the outage with many requests, not one.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const upAt = Date.now();
      await db.start();

      await settled(
        '/readyz 200 again once the database is back',
        async () => (await readyz()) === 200,
        30_000,
      );
      const recoveredAt = Date.now();
      await settled(
        '200 more events accepted after the database came back',
        () => sender.accepted().filter((s) => s.startedAt >= recoveredAt).length >= 200,
        30_000,
      );
      await sender.stop();

      const whileDown = sender.sent.filter((s) => s.startedAt >= downAt && s.endedAt <= upAt);
      expect(whileDown.filter((s) => s.status !== 503)).toEqual([]);
      expect(readyzWhileDown).toBe(503);

      const accepted = new Set(sender.accepted().map((s) => s.n));
      const delivered = (): Map<number, Set<string>> => deliveriesByMarker(sink);
      await settled(
        'every accepted event at the sink',
        () => [...accepted].every((n) => delivered().has(n)),
        60_000,
      );

      const byMarker = delivered();
      // Only markers that were sent, each through one delivery (no second event made of one request).
      expect([...byMarker.keys()].filter((n) => n < 0 || n >= sender.sent.length)).toEqual([]);
      expect([...byMarker].filter(([, ids]) => ids.size > 1)).toEqual([]);
      // A delivery reached the sink twice only when the restart cut its result off: its lease ran out and the
      // next claim recorded the attempt as interrupted (at-least-once by design).
      const repeated = repeatedDeliveries(sink);
      const interrupted = await interruptedDeliveries(db.url);
      expect(repeated.filter((id) => !interrupted.has(id))).toEqual([]);
      // 503-answered events may still have been stored (a commit whose answer the restart cut off); 2xx ones must.
      const notDelivered = [...accepted].filter((n) => !byMarker.has(n));
      expect(notDelivered).toEqual([]);
      // The process lived through it: no restart helped it recover.
      expect(gateway?.child.exitCode).toBeNull();

      const figures = {
        requestsSent: sender.sent.length,
        answered2xx: accepted.size,
        answered503: sender.sent.filter((s) => s.status === 503).length,
        otherAnswers: sender.sent.filter((s) => s.status !== 503 && s.status !== 200 && s.status !== 202)
          .length,
        acceptedBeforeStop,
        requestsWhileDown: whileDown.length,
        downMs: upAt - downAt,
        recoveryMs: recoveredAt - upAt,
        sinkRequests: sink.requests.length,
        deliveredEvents: byMarker.size,
        repeatedDeliveries: repeated.length,
        interruptedDeliveries: interrupted.size,
      };
      console.log(`postgres restart figures: ${JSON.stringify(figures)}`);
      expect(figures.requestsWhileDown).toBeGreaterThan(0);
      expect(figures.otherAnswers).toBe(0);
    } finally {
      await sender.stop();
    }
  }, 180_000);
});

function markerOf(body: string): number {
  const parsed = JSON.parse(body) as { data?: { n?: unknown } };
  return typeof parsed.data?.n === 'number' ? parsed.data.n : -1;
}

/** The delivery ids the sink saw per event marker. */
function deliveriesByMarker(sink: HttpSink): Map<number, Set<string>> {
  const byMarker = new Map<number, Set<string>>();
  for (const request of sink.requests) {
    const n = markerOf(request.body);
    const ids = byMarker.get(n) ?? new Set<string>();
    ids.add(String(request.headers['idempotency-key'] ?? ''));
    byMarker.set(n, ids);
  }
  return byMarker;
}

function repeatedDeliveries(sink: HttpSink): string[] {
  const counts = new Map<string, number>();
  for (const request of sink.requests) {
    const id = String(request.headers['idempotency-key'] ?? '');
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count > 1).map(([id]) => id);
}

async function interruptedDeliveries(url: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ delivery_id: string }>(
      `SELECT DISTINCT delivery_id FROM attempts WHERE error LIKE 'interrupted%'`,
    );
    return new Set(rows.map((row) => row.delivery_id));
  } finally {
    await client.end();
  }
}

/** Real processes on real time: looks every 100 ms until `done` holds; fails after `timeoutMs`. */
async function settled(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
