import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnGateway, type GatewayProcess } from '../helpers/gateway-process.js';
import { createTestSchema, type TestSchema } from '../helpers/postgres-schema.js';
import { postSigned } from '../helpers/sign.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { repoRoot } from '../helpers/test-gateway.js';
import { FleetSink } from './fleet-sink.js';

const secret = 'fleet-secret';
const eventCount = 2_000;
const concurrency = 8;
const leaseMs = 4_000;
// Longer than the attempt timeout (half the lease), shorter than the lease: a hung request is over at the sink
// before its lease can run out, so the sink's count of open requests is the fleet's count of live attempts.
const hangMs = 3_000;
const senders = 16;

const config = `
server:
  port: \${PORT}
  host: 127.0.0.1
  store: postgres
  databaseUrl: \${DATABASE_URL}
  databasePool: 4
  deliveryLease: ${leaseMs}ms
  shutdownTimeoutMs: 2000
sources:
  connect-it:
    verify: { scheme: connect-it, secrets: ["\${WEBHOOK_SECRET}"] }
    events: { test.completed: {} }
targets:
  crm:
    type: http
    url: "\${SINK_URL}"
    concurrency: ${concurrency}
    retry: { preset: standard, attempts: 20, baseDelay: 100ms, maxDelay: 400ms }
routes:
  - { name: all, events: test.completed, to: crm }
`;

interface Sent {
  readonly n: number;
  readonly replica: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number | 'error';
}

/**
 * Three built gateways on one PostgreSQL (through a TCP proxy the test can cut), a sink that fails, throttles and
 * hangs, a SIGKILL and restart, a SIGSTOP longer than a lease, and the database cut off during ingest.
 */
describe('fleet: three gateway processes on one PostgreSQL', () => {
  let schema: TestSchema;
  let proxy: TcpProxy;
  let sink: FleetSink;
  let dir: string;
  let configFile: string;
  const ports: number[] = [];
  const gateways: GatewayProcess[] = [];
  const sent: Sent[] = [];
  let cutWindow: { from: number; to: number } = { from: 0, to: 0 };
  /** Deliveries the sink had answered 200 when replica 0 was killed, before it could record the answer. */
  let inFlightAtKill: string[] = [];
  let killedAt = 0;
  let respawnedAt = 0;
  let freezeWindow: { from: number; to: number } = { from: 0, to: 0 };

  function env(port: number): Record<string, string> {
    const url = new URL(schema.url);
    url.port = String(proxy.port);
    // One gateway.yaml for all; each replica posts to its own path, so the sink knows who sent what.
    const replica = ports.indexOf(port);
    return {
      PORT: String(port),
      DATABASE_URL: url.toString(),
      WEBHOOK_SECRET: secret,
      SINK_URL: `${sink.url}/${replica}`,
    };
  }

  async function start(i: number): Promise<void> {
    const port = ports[i];
    if (port === undefined) throw new Error(`no port for replica ${i}`);
    const gateway = spawnGateway(configFile, env(port));
    gateways[i] = gateway;
    await gateway.ready(30_000);
  }

  beforeAll(async () => {
    schema = await createTestSchema();
    proxy = await new TcpProxy('127.0.0.1', 5432).start();
    sink = await new FleetSink(hangMs).start();
    dir = mkdtempSync(join(tmpdir(), 'hookgate-fleet-'));
    cpSync(join(repoRoot, 'config'), join(dir, 'config'), { recursive: true });
    configFile = join(dir, 'gateway.yaml');
    writeFileSync(configFile, config);
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    // All three at once: the migration must be safe when replicas start together.
    await Promise.all([0, 1, 2].map((i) => start(i)));
  }, 60_000);

  afterAll(async () => {
    for (const gateway of gateways) {
      gateway.child.kill('SIGCONT');
      gateway.child.kill('SIGKILL');
    }
    await Promise.all(gateways.map((g) => g.exited));
    await sink.stop();
    await proxy.stop();
    await schema.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function send(n: number, replica: number): Promise<void> {
    const port = ports[replica] ?? 0;
    const event = { type: 'test.completed', id: `evt-${n}`, data: { n } };
    const startedAt = Date.now();
    let status: number | 'error';
    try {
      const response = await postSigned(`http://127.0.0.1:${port}/webhook`, event, secret, {});
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 'error';
    }
    sent.push({ n, replica, startedAt, endedAt: Date.now(), status });
  }

  it('delivers every accepted event, repeats only what a lost lease left in flight, and holds the limits', async () => {
    // Each job: an event to one replica; a tenth of them again to the next replica at the same time.
    const jobs: (() => Promise<void>)[] = [];
    for (let n = 0; n < eventCount; n++) {
      const replica = n % 3;
      jobs.push(() =>
        n % 10 === 0
          ? Promise.all([send(n, replica), send(n, (replica + 1) % 3)]).then(() => undefined)
          : send(n, replica),
      );
    }
    const faults = new Map<number, () => Promise<void>>(
      process.env.FLEET_NO_FAULTS
        ? []
        : [
            [
              Math.floor(eventCount * 0.25),
              async () => {
                // SIGKILL mid-delivery: the sink holds replica 0's next request and says 200 to it, and the
                // replica dies with the answer unrecorded. It is stopped before the answer is written: killed
                // right after, it could still read the 200 and commit it in the microseconds between (seen in
                // CI), and then nothing comes again. Restart on the same port.
                await sink.catchFrom(0, 10_000);
                const frozen = gateways[0]?.child;
                if (frozen?.pid === undefined) throw new Error('replica 0 has no process');
                frozen.kill('SIGSTOP');
                await stoppedByKernel(frozen.pid);
                inFlightAtKill = sink.answerCaught();
                frozen.kill('SIGKILL');
                killedAt = Date.now();
                await gateways[0]?.exited;
                respawnedAt = Date.now();
                await start(0);
              },
            ],
            [
              Math.floor(eventCount * 0.5),
              async () => {
                // Frozen longer than a lease: its claims are taken over; when it wakes, its late results are refused.
                gateways[1]?.child.kill('SIGSTOP');
                const from = Date.now();
                await new Promise((resolve) => setTimeout(resolve, leaseMs + 2_000));
                gateways[1]?.child.kill('SIGCONT');
                freezeWindow = { from, to: Date.now() };
              },
            ],
            [
              Math.floor(eventCount * 0.75),
              async () => {
                // The database goes away for two seconds during ingest.
                proxy.cutOff();
                const from = Date.now();
                await new Promise((resolve) => setTimeout(resolve, 2_000));
                cutWindow = { from, to: Date.now() };
                proxy.restore();
              },
            ],
          ],
    );
    let next = 0;
    const faultRuns: Promise<void>[] = [];
    await Promise.all(
      Array.from({ length: senders }, async () => {
        for (let job = next++; job < jobs.length; job = next++) {
          const fault = faults.get(job);
          if (fault) faultRuns.push(fault());
          await jobs[job]?.();
        }
      }),
    );
    await Promise.all(faultRuns);

    const accepted = new Set(sent.filter((s) => s.status === 200 || s.status === 202).map((s) => s.n));
    const missing = (): number[] => [...accepted].filter((n) => !sink.delivered().has(n));
    // A delivery caught at the kill already counts its event as delivered (the sink said 200), but it comes again
    // only once its lease (leaseMs) has run out: wait for that too, or the check below races the re-claim.
    const notAgain = (): string[] =>
      inFlightAtKill.filter(
        (id) => sink.requests.filter((r) => r.deliveryId === id && r.status === 200).length < 2,
      );
    await settled(
      () => missing().length === 0 && notAgain().length === 0,
      150_000,
      async () =>
        `${missing().length} of ${accepted.size} accepted events not delivered, ` +
        `${notAgain().length} caught at the kill not delivered again; ${await describeQueue(schema)}\n` +
        gateways
          .map(
            (g, i) =>
              `--- replica ${i} (${String(g.child.exitCode ?? g.child.signalCode)}):\n${lastLines(g.output())}`,
          )
          .join('\n'),
    );

    const duringCut = sent.filter((s) => s.startedAt >= cutWindow.from + 50 && s.endedAt <= cutWindow.to);

    // Repeats: one delivery id answered 2xx more than once. Allowed only where the gateway could not know the
    // first answer: in flight at the kill (the sink said 200, the replica died before recording it); in flight at
    // the frozen replica 1 when its lease ran out, or at the database cut (the next claim recorded the attempt as
    // interrupted); or an attempt that timed out while the sink's 200 was already on its way (seen on a loaded
    // machine). All are at-least-once by design; anything else is a bug.
    const okByDelivery = new Map<string, number>();
    const oks = new Map<string, { replica: number; at: number }[]>();
    for (const r of sink.requests) {
      if (r.status !== 200) continue;
      okByDelivery.set(r.deliveryId, (okByDelivery.get(r.deliveryId) ?? 0) + 1);
      oks.set(r.deliveryId, [...(oks.get(r.deliveryId) ?? []), { replica: r.replica, at: r.arrivedAt }]);
    }
    const repeated = [...okByDelivery].filter(([, count]) => count > 1).map(([id]) => id);
    const caught = new Set(inFlightAtKill);
    const { interrupted, timedOut } = await unknowableOutcomes(schema);
    /** The sink said 200 for `id` to `replica` (any, when undefined) within [from, to]. */
    const answered = (id: string, replica: number | undefined, from: number, to: number): boolean =>
      (oks.get(id) ?? []).some(
        (ok) => (replica === undefined || ok.replica === replica) && ok.at >= from && ok.at <= to,
      );
    const repeatReason = (id: string): 'kill' | 'freeze' | 'cut' | 'timeout' | undefined => {
      // In flight at the kill: the caught ones, and any other delivery replica 0 had the sink's 200 for within a
      // lease before the kill, or sent before it and answered after (until the new process started), but never
      // recorded (the next holder found the lease run out).
      if (caught.has(id) || (interrupted.has(id) && answered(id, 0, killedAt - leaseMs, respawnedAt)))
        return 'kill';
      if (!interrupted.has(id)) return timedOut.has(id) ? 'timeout' : undefined;
      // In flight at the frozen replica 1: answered before it stopped, or sent as it woke (its attempt timer,
      // half a lease, ends any request it had started by then).
      if (answered(id, 1, freezeWindow.from - leaseMs, freezeWindow.to + leaseMs / 2)) return 'freeze';
      // In flight at the cut: the sink said 200 while the replicas could not reach the database to record it
      // (or just before, the result still on its way to the database).
      if (answered(id, undefined, cutWindow.from - 1_000, cutWindow.to)) return 'cut';
      return timedOut.has(id) ? 'timeout' : undefined;
    };
    const unexplained = repeated.filter((id) => repeatReason(id) === undefined);

    // One event per marker: the duplicates sent to two replicas at once made one delivery.
    const deliveriesPerMarker = new Map<number, Set<string>>();
    for (const r of sink.requests) {
      const ids = deliveriesPerMarker.get(r.n) ?? new Set<string>();
      ids.add(r.deliveryId);
      deliveriesPerMarker.set(r.n, ids);
    }

    // A 429's Retry-After holds for that delivery: its next request comes no sooner (5 ms for rounding).
    const early: string[] = [];
    for (const [i, r] of sink.requests.entries()) {
      if (r.notBefore === undefined) continue;
      const again = sink.requests.slice(i + 1).find((later) => later.deliveryId === r.deliveryId);
      if (again && again.arrivedAt < r.notBefore - 5) early.push(r.deliveryId);
    }

    const counts = {
      requestsSent: sent.length,
      answered2xx: sent.filter((s) => s.status === 200 || s.status === 202).length,
      answered503: sent.filter((s) => s.status === 503).length,
      failedToConnect: sent.filter((s) => s.status === 'error').length,
      eventsAccepted: accepted.size,
      sinkRequests: sink.requests.length,
      sink500: sink.requests.filter((r) => r.status === 500).length,
      sink429: sink.requests.filter((r) => r.status === 429).length,
      deliveredEvents: sink.delivered().size,
      caughtAtKill: inFlightAtKill.length,
      repeatedDeliveries: repeated.length,
      repeatsInFlightAtKill: repeated.filter((id) => repeatReason(id) === 'kill').length,
      repeatsInFlightAtFreeze: repeated.filter((id) => repeatReason(id) === 'freeze').length,
      repeatsInFlightAtCut: repeated.filter((id) => repeatReason(id) === 'cut').length,
      repeatsAfterTimeout: repeated.filter((id) => repeatReason(id) === 'timeout').length,
      interruptedDeliveries: interrupted.size,
      maxOpenAtSink: sink.maxOpen,
      retryAfterViolations: early.length,
      requestsDuringCut: duringCut.length,
    };
    console.log(`fleet counts: ${JSON.stringify(counts)}`);

    // No 2xx for a request made entirely while the database was cut off.
    expect(duringCut.filter((s) => s.status === 200 || s.status === 202)).toEqual([]);
    // On failure, the offenders' recorded attempts say what happened.
    expect(
      unexplained.length === 0
        ? []
        : [
            await attemptsOf(schema, unexplained),
            unexplained.map((id) => oks.get(id)),
            { killedAt, respawnedAt, freezeWindow, cutWindow },
          ],
    ).toEqual([]);
    // A delivery was surely in flight at the kill, and each came again under the same delivery id.
    expect(inFlightAtKill.length).toBeGreaterThan(0);
    expect(inFlightAtKill.filter((id) => (okByDelivery.get(id) ?? 0) < 2)).toEqual([]);
    expect([...deliveriesPerMarker].filter(([, ids]) => ids.size > 1)).toEqual([]);
    expect(sink.maxOpen).toBeLessThanOrEqual(concurrency);
    expect(early).toEqual([]);
    // The faults were felt (refused connections at the kill, 503 during the cut) and most events still got in.
    expect(counts.failedToConnect).toBeGreaterThan(0);
    expect(counts.answered503).toBeGreaterThan(0);
    expect(counts.eventsAccepted).toBeGreaterThan(eventCount * 0.6);
  }, 300_000);
});

async function attemptsOf(schema: TestSchema, deliveryIds: readonly string[]): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, unknown>>(
      'SELECT delivery_id, attempt, http_status, error FROM attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id',
      [deliveryIds],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** Deliveries with an attempt whose outcome the gateway could not know: interrupted (lease lost) or timed out. */
async function unknowableOutcomes(
  schema: TestSchema,
): Promise<{ interrupted: Set<string>; timedOut: Set<string> }> {
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ delivery_id: string; interrupted: boolean }>(
      `SELECT DISTINCT delivery_id, error LIKE 'interrupted%' AS interrupted FROM attempts
       WHERE error LIKE 'interrupted%' OR error LIKE 'the attempt timed out%'`,
    );
    return {
      interrupted: new Set(rows.filter((row) => row.interrupted).map((row) => row.delivery_id)),
      timedOut: new Set(rows.filter((row) => !row.interrupted).map((row) => row.delivery_id)),
    };
  } finally {
    await client.end();
  }
}

/**
 * Resolves once the kernel shows `pid` stopped (state T in /proc/<pid>/stat). `kill(SIGSTOP)` returns before a
 * process running on another core has surely stopped; a few milliseconds of polling settle it.
 */
async function stoppedByKernel(pid: number): Promise<void> {
  for (let tries = 0; tries < 2_000; tries++) {
    // The state is the field after the command name, which ends at the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`process ${pid} did not stop`);
}

/** Real processes on real time: looks every 200 ms until `done` holds; fails after `timeoutMs`. */
async function settled(done: () => boolean, timeoutMs: number, why: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) {
      const reason = await why();
      console.error(reason);
      throw new Error(`not settled within ${timeoutMs} ms: ${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The queue by status, for a failure message. */
async function describeQueue(schema: TestSchema): Promise<string> {
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT status, count(*)::int AS n, min(next_attempt_at) AS next, max(attempts) AS attempts FROM deliveries GROUP BY status`,
    );
    const now = await client.query(`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now`);
    const targets = await client.query(`SELECT * FROM targets`);
    return JSON.stringify({ rows, now: now.rows, targets: targets.rows });
  } finally {
    await client.end();
  }
}

/** The warnings and errors at the end of a replica's log. */
function lastLines(output: string): string {
  return output
    .split('\n')
    .slice(-8)
    .map((line) => line.slice(0, 600))
    .join('\n');
}
