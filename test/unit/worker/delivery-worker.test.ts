import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeliveryError } from '../../../src/errors.js';
import type { DeliverFn } from '../../../src/store/delivery-queue.js';
import type { DeliveryResult } from '../../../src/worker/delivery-result.js';
import { DeliveryWorker } from '../../../src/worker/delivery-worker.js';
import {
  resolveTargetPolicy,
  type TargetDeliverySettings,
} from '../../../src/worker/target-delivery-policy.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import type { DeliveryJob } from '../../../src/types.js';
import { FakeTime, settle } from './fake-time.js';

const t0 = Date.UTC(2025, 0, 1);
const secretPayloadValue = 'payload-secret-4711';

interface Harness {
  readonly time: FakeTime;
  readonly store: Store;
  readonly worker: DeliveryWorker;
  readonly logs: Record<string, unknown>[];
  readonly results: DeliveryResult[];
  enqueue(target: string, count?: number): Promise<string[]>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let eventSeq = 0;

function harness(options: {
  deliver: DeliverFn;
  targets?: Record<string, TargetDeliverySettings>;
  random?: () => number;
  store?: Store;
  time?: FakeTime;
  attemptTimeoutMs?: number;
}): Harness {
  const time = options.time ?? new FakeTime(t0);
  const store = options.store ?? createMemoryStore();
  const logs: Record<string, unknown>[] = [];
  const results: DeliveryResult[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const worker = new DeliveryWorker({
    store,
    deliver: options.deliver,
    policyFor: (target) => resolveTargetPolicy(options.targets?.[target]),
    logger,
    clock: time,
    timers: time,
    random: options.random ?? (() => 0.5),
    ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
    onDeliveryResult: (result) => results.push(result),
  });
  cleanups.push(() => worker.stop(0));
  return {
    time,
    store,
    worker,
    logs,
    results,
    async enqueue(target, count = 1) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = `evt_${++eventSeq}`;
        await store.enqueue(
          {
            id,
            source: 'connect-it',
            type: 'transcript.completed',
            dedupeKey: id,
            receivedAt: time.now(),
            payload: { type: 'transcript.completed', secret: secretPayloadValue },
            rawBody: JSON.stringify({ type: 'transcript.completed', secret: secretPayloadValue }),
          },
          [{ id: `${id}_${target}`, route: 'route-1', target }],
        );
        ids.push(`${id}_${target}`);
      }
      worker.notify();
      return ids;
    },
  };
}

async function deliveryOf(store: Store, id: string) {
  const detail = await store.getEvent(id.slice(0, id.lastIndexOf('_')));
  const found = detail?.deliveries.find((d) => d.delivery.id === id);
  if (!found) throw new Error(`no delivery ${id}`);
  return found;
}

function recordingDeliver(time: FakeTime, outcome: (job: DeliveryJob) => Promise<{ status?: number }>) {
  const calls: { id: string; attempt: number; at: number }[] = [];
  const deliver = vi.fn<DeliverFn>(async (job) => {
    calls.push({ id: job.id, attempt: job.attempt, at: time.now() });
    return outcome(job);
  });
  return { deliver, calls };
}

describe('DeliveryWorker', () => {
  it('stopped right after a notify, never starts a pass on the store it leaves (npm run demo)', async () => {
    const { deliver } = recordingDeliver(new FakeTime(t0), async () => ({ status: 200 }));
    const h = harness({ deliver });
    await h.worker.start();
    await settle();
    h.worker.notify();
    await h.worker.stop(0);
    await h.store.close();
    await settle();
    expect(h.logs.filter((line) => line.level === 50)).toEqual([]);
  });

  it('delivers a queued delivery when notified, records the attempt and reports the latency', async () => {
    const time = new FakeTime(t0);
    const { deliver, calls } = recordingDeliver(time, async () => {
      time.t += 120;
      return { status: 200 };
    });
    const h = harness({ deliver, time });
    await h.worker.start();
    const [id] = await h.enqueue('slack');
    await settle();
    expect(calls).toEqual([{ id, attempt: 1, at: t0 }]);
    const d = await deliveryOf(h.store, id!);
    expect(d.delivery).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: t0 + 120 });
    expect(d.attempts).toMatchObject([{ outcome: 'success', durationMs: 120, httpStatus: 200 }]);
    expect(h.results).toEqual([
      {
        outcome: 'delivered',
        deliveryId: id,
        eventId: id!.replace('_slack', ''),
        target: 'slack',
        route: 'route-1',
        attempt: 1,
        durationMs: 120,
        httpStatus: 200,
        latencyMs: 120,
      },
    ]);
  });

  it('retries on the full-jitter schedule, woken by its own timer', async () => {
    const time = new FakeTime(t0);
    const { deliver, calls } = recordingDeliver(time, () =>
      Promise.reject(new DeliveryError('http_5xx', 'HTTP 503')),
    );
    const h = harness({ deliver, time, random: () => 0.5 });
    await h.worker.start();
    await h.enqueue('slack');
    await settle();
    // standard: base 5 s doubling; random 0.5 picks the middle of [0, ceiling).
    await time.advance(2499);
    expect(calls.map((c) => c.at - t0)).toEqual([0]);
    await time.advance(1);
    expect(calls.map((c) => c.at - t0)).toEqual([0, 2500]);
    await time.advance(5000 + 10_000);
    expect(calls.map((c) => [c.attempt, c.at - t0])).toEqual([
      [1, 0],
      [2, 2500],
      [3, 7500],
      [4, 17_500],
    ]);
    expect(h.results.at(-1)).toMatchObject({
      outcome: 'retry',
      nextAttemptAt: t0 + 17_500 + 20_000,
      delayMs: 20_000,
    });
  });

  it('never retries sooner than a 429 Retry-After asked', async () => {
    const time = new FakeTime(t0);
    let n = 0;
    const { deliver, calls } = recordingDeliver(time, async () => {
      if (n++ === 0)
        throw new DeliveryError('rate_limited', 'rate limited', { status: 429, retryAfterMs: 30_000 });
      return { status: 200 };
    });
    const h = harness({ deliver, time });
    await h.worker.start();
    const [id] = await h.enqueue('slack');
    await time.advance(29_999);
    expect(calls).toHaveLength(1);
    await time.advance(1);
    expect(calls.map((c) => c.at - t0)).toEqual([0, 30_000]);
    const d = await deliveryOf(h.store, id!);
    expect(d.delivery.status).toBe('delivered');
    expect(d.attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['retryable', 429],
      ['success', 200],
    ]);
  });

  it('dead-letters a permanent failure at once, with its reason logged', async () => {
    const time = new FakeTime(t0);
    const { deliver, calls } = recordingDeliver(time, () =>
      Promise.reject(new DeliveryError('rejected_by_target', 'HTTP 404 channel_not_found', { status: 404 })),
    );
    const h = harness({ deliver, time });
    await h.worker.start();
    const [id] = await h.enqueue('slack');
    await time.advance(60 * 60 * 1000);
    expect(calls).toHaveLength(1);
    const d = await deliveryOf(h.store, id!);
    expect(d.delivery).toMatchObject({
      status: 'dead',
      deadReason: 'permanent failure: HTTP 404 channel_not_found',
      lastError: 'HTTP 404 channel_not_found',
    });
    expect(h.results).toMatchObject([
      {
        outcome: 'dead',
        kind: 'permanent',
        httpStatus: 404,
        reason: 'permanent failure: HTTP 404 channel_not_found',
      },
    ]);
    const dead = h.logs.find((l) => l.msg === 'delivery dead-lettered');
    expect(dead).toMatchObject({
      deliveryId: id,
      target: 'slack',
      route: 'route-1',
      reason: 'permanent failure: HTTP 404 channel_not_found',
    });
  });

  it('dead-letters once the attempts run out', async () => {
    const time = new FakeTime(t0);
    const { deliver, calls } = recordingDeliver(time, () => Promise.reject(new Error('socket hang up')));
    const h = harness({ deliver, time, targets: { chat: { retry: 'quick' } } });
    await h.worker.start();
    const [id] = await h.enqueue('chat');
    await time.advance(60_000);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    const d = await deliveryOf(h.store, id!);
    expect(d.delivery).toMatchObject({
      status: 'dead',
      deadReason: 'gave up after 3 attempts: socket hang up',
      attempts: 3,
    });
    expect(d.attempts.map((a) => a.outcome)).toEqual(['retryable', 'retryable', 'retryable']);
    expect(h.results.map((r) => r.outcome)).toEqual(['retry', 'retry', 'dead']);
  });

  it('keeps a hanging target to its own concurrency while other targets flow', async () => {
    const time = new FakeTime(t0);
    const { deliver, calls } = recordingDeliver(time, (job) =>
      job.target === 'stuck' ? new Promise(() => {}) : Promise.resolve({ status: 200 }),
    );
    const h = harness({
      deliver,
      time,
      targets: { stuck: { concurrency: 2 } },
      attemptTimeoutMs: 10 * 60_000,
    });
    await h.worker.start();
    await h.enqueue('stuck', 5);
    const fast = await h.enqueue('fast', 6);
    await time.advance(1000);
    expect(calls.filter((c) => c.id.endsWith('_stuck'))).toHaveLength(2);
    expect(calls.filter((c) => c.id.endsWith('_fast'))).toHaveLength(6);
    for (const id of fast) expect((await deliveryOf(h.store, id)).delivery.status).toBe('delivered');
    expect(h.worker.inFlight().get('stuck')).toBe(2);
    expect(await h.store.countByTargetAndStatus()).toContainEqual({
      target: 'stuck',
      status: 'pending',
      count: 3,
    });
  });

  /** A target that answers each attempt after `rttMs` of fake time with `answer()`, counting its in-flight peak. */
  function timedTarget(time: FakeTime, rttMs: number, answer: () => Promise<{ status: number }>) {
    const state = { active: 0, peaks: [] as number[] };
    const deliver = vi.fn<DeliverFn>(async () => {
      state.active++;
      state.peaks.push(state.active);
      await new Promise<void>((resolve) => time.setTimeout(resolve, rttMs));
      state.active--;
      return answer();
    });
    return { deliver, state };
  }

  it('an adaptive target starts at 4 in flight and grows to its cap while it answers 2xx', async () => {
    const time = new FakeTime(t0);
    const { deliver, state } = timedTarget(time, 10, async () => ({ status: 200 }));
    const h = harness({ deliver, time, targets: { api: { concurrency: 12 } } });
    await h.worker.start();
    await h.enqueue('api', 80);
    await settle();
    expect(state.active).toBe(4);
    await time.advance(200);
    expect(Math.max(...state.peaks)).toBe(12);
    expect(h.worker.inFlightLimits().get('api')).toBe(12);
  });

  it('an adaptive target answering 429 is sent fewer at once; { fixed: N } stays at N', async () => {
    const time = new FakeTime(t0);
    const overloaded = () =>
      Promise.reject(new DeliveryError('rate_limited', '429 Too Many Requests', { status: 429 }));
    const adaptive = timedTarget(time, 10, overloaded);
    const h = harness({ deliver: adaptive.deliver, time, targets: { api: { concurrency: 8 } } });
    await h.worker.start();
    await h.enqueue('api', 40);
    await time.advance(100);
    expect(h.worker.inFlightLimits().get('api')).toBe(1);

    const fixedTime = new FakeTime(t0);
    const fixed = timedTarget(fixedTime, 10, () =>
      Promise.reject(new DeliveryError('rate_limited', '429 Too Many Requests', { status: 429 })),
    );
    const f = harness({
      deliver: fixed.deliver,
      time: fixedTime,
      targets: { api: { concurrency: { fixed: 6 } } },
    });
    await f.worker.start();
    await f.enqueue('api', 40);
    await fixedTime.advance(5);
    expect(fixed.state.active).toBe(6);
    await fixedTime.advance(100);
    expect(f.worker.inFlightLimits().get('api')).toBe(6);
  });

  it('claims in batches: a busy lane waits for a quarter of its limit to be free', async () => {
    const time = new FakeTime(t0);
    const store = createMemoryStore();
    const claims: number[] = [];
    const claimDue = store.claimDue.bind(store);
    store.claimDue = async (request) => {
      const claimed = await claimDue(request);
      if (claimed.length > 0) claims.push(claimed.length);
      return claimed;
    };
    // Attempts finish one by one, 1 ms apart.
    let seq = 0;
    const deliver = vi.fn<DeliverFn>(async () => {
      await new Promise<void>((resolve) => time.setTimeout(resolve, 10 + (seq++ % 8)));
      return { status: 200 };
    });
    const h = harness({ deliver, time, store, targets: { api: { concurrency: { fixed: 8 } } } });
    await h.worker.start();
    await h.enqueue('api', 40);
    await time.advance(500);
    expect(deliver).toHaveBeenCalledTimes(40);
    expect(claims[0]).toBe(8);
    // Every later claim took at least 2 (8 / 4), never one at a time.
    expect(Math.min(...claims)).toBeGreaterThanOrEqual(2);
    expect(claims.length).toBeLessThan(40 / 2 + 1);
  });

  it("frees a lane's slot once the target answered, before the result is recorded, unless it paused the target", async () => {
    const time = new FakeTime(t0);
    const store = createMemoryStore();
    const held: (() => void)[] = [];
    const recordAttempt = store.recordAttempt.bind(store);
    store.recordAttempt = async (attempt, next) => {
      await new Promise<void>((resolve) => held.push(resolve));
      return recordAttempt(attempt, next);
    };
    let n = 0;
    const { deliver, calls } = recordingDeliver(time, async () => {
      if (n++ === 1)
        throw new DeliveryError('rate_limited', 'rate limited', { status: 429, retryAfterMs: 30_000 });
      return { status: 200 };
    });
    const h = harness({ deliver, time, store, targets: { api: { concurrency: { fixed: 1 } } } });
    await h.worker.start();
    await h.enqueue('api', 3);
    await settle();
    // The first answered 200: the second was sent while the first's record was still held.
    expect(calls).toHaveLength(2);
    expect(held).toHaveLength(2);
    // The second answered 429 with Retry-After: nothing more is sent until that is recorded (a shared store pauses
    // the target for the fleet then).
    await settle();
    expect(calls).toHaveLength(2);
    held.shift()?.();
    await settle();
    expect(calls).toHaveLength(2);
    held.shift()?.();
    await settle();
    expect(calls).toHaveLength(3);
  });

  it('starts at most the rate limit allows, spreading the rest out', async () => {
    const time = new FakeTime(t0);
    const { deliver, calls } = recordingDeliver(time, async () => ({ status: 200 }));
    const h = harness({ deliver, time, targets: { slack: { rateLimit: { perSecond: 1 } } } });
    await h.worker.start();
    await h.enqueue('slack', 3);
    await time.advance(2500);
    expect(calls.map((c) => c.at - t0)).toEqual([0, 1000, 2000]);
  });

  it('aborts an attempt that outlives its timeout and retries it', async () => {
    const time = new FakeTime(t0);
    const signals: AbortSignal[] = [];
    const deliver = vi.fn<DeliverFn>((_job, signal) => {
      signals.push(signal);
      return new Promise(() => {});
    });
    const h = harness({ deliver, time, attemptTimeoutMs: 5000 });
    await h.worker.start();
    const [id] = await h.enqueue('slack');
    await time.advance(5000);
    expect(signals[0]?.aborted).toBe(true);
    const d = await deliveryOf(h.store, id!);
    expect(d.delivery.status).toBe('pending');
    expect(d.attempts[0]).toMatchObject({
      outcome: 'retryable',
      durationMs: 5000,
      error: 'the attempt timed out after 5s',
    });
  });

  it('times out per step: a delivery that reports each step may take longer than the attempt timeout', async () => {
    const time = new FakeTime(t0);
    const deliver = vi.fn<DeliverFn>(async (_job, _signal, stepDone) => {
      for (let step = 0; step < 6; step++) {
        await new Promise<void>((resolve) => time.setTimeout(resolve, 4000));
        stepDone?.();
      }
      return { status: 200 };
    });
    const h = harness({ deliver, time, attemptTimeoutMs: 5000 });
    await h.worker.start();
    const [id] = await h.enqueue('slack');
    await time.advance(24_000);
    const d = await deliveryOf(h.store, id!);
    expect(d.delivery.status).toBe('delivered');
    expect(d.attempts).toMatchObject([{ outcome: 'success', durationMs: 24_000 }]);
  });

  it('still aborts a multi-step delivery that stops making progress, saying after how many steps', async () => {
    const time = new FakeTime(t0);
    const deliver = vi.fn<DeliverFn>(async (_job, _signal, stepDone) => {
      for (let step = 0; step < 2; step++) {
        await new Promise<void>((resolve) => time.setTimeout(resolve, 1000));
        stepDone?.();
      }
      return new Promise(() => {});
    });
    const h = harness({ deliver, time, attemptTimeoutMs: 5000 });
    await h.worker.start();
    const [id] = await h.enqueue('slack');
    await time.advance(7000);
    const d = await deliveryOf(h.store, id!);
    expect(d.attempts[0]).toMatchObject({
      outcome: 'retryable',
      durationMs: 7000,
      error: 'the attempt timed out after 5s without progress (after 2 steps)',
    });
  });

  it('logs one line per attempt with its facts, and no payload values or secret URLs', async () => {
    const time = new FakeTime(t0);
    const { deliver } = recordingDeliver(time, () =>
      Promise.reject(new Error('connect ECONNREFUSED https://hooks.slack.com/services/T000/B000/XXXXSECRET')),
    );
    const h = harness({ deliver, time });
    await h.worker.start();
    const [id] = await h.enqueue('slack');
    await settle();
    const attempts = h.logs.filter((l) => l.msg === 'delivery attempt');
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      deliveryId: id,
      eventId: id!.replace('_slack', ''),
      target: 'slack',
      route: 'route-1',
      attempt: 1,
      outcome: 'retryable',
      durationMs: 0,
      error: 'connect ECONNREFUSED https://hooks.slack.com/…',
    });
    const everything = JSON.stringify(h.logs);
    expect(everything).not.toContain(secretPayloadValue);
    expect(everything).not.toContain('XXXXSECRET');
  });

  it('stop() waits for attempts within the bound, then leaves the unfinished ones pending', async () => {
    const time = new FakeTime(t0);
    const signals = new Map<string, AbortSignal>();
    const deliver = vi.fn<DeliverFn>((job, signal) => {
      signals.set(job.target, signal);
      if (job.target === 'quick')
        return new Promise((resolve) => time.setTimeout(() => resolve({ status: 200 }), 500));
      return new Promise(() => {});
    });
    const h = harness({ deliver, time });
    await h.worker.start();
    const [quick] = await h.enqueue('quick');
    const [hung] = await h.enqueue('hung');
    await settle();
    const stopped = h.worker.stop(2000);
    await time.advance(2000);
    await stopped;
    expect((await deliveryOf(h.store, quick!)).delivery.status).toBe('delivered');
    const left = await deliveryOf(h.store, hung!);
    expect(left.delivery).toMatchObject({ status: 'pending', attempts: 0 });
    expect(left.attempts).toEqual([]);
    expect(signals.get('hung')?.aborted).toBe(true);
    await h.enqueue('hung');
    await time.advance(60_000);
    expect(deliver).toHaveBeenCalledTimes(2);
    expect(time.timerCount()).toBe(0);
  });

  it('after a crash, a restarted worker sends what was in flight again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-worker-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = harness({ deliver: () => new Promise(() => {}), store: openSqliteStore({ dataDir }) });
    await first.worker.start();
    const [id] = await first.enqueue('slack');
    await settle();
    expect((await deliveryOf(first.store, id!)).delivery.status).toBe('in_flight');
    // The process dies: nothing is stopped or released, the database is simply abandoned.
    await first.store.close();

    const store = openSqliteStore({ dataDir });
    cleanups.push(() => store.close());
    const time = new FakeTime(t0 + 60_000);
    const { deliver, calls } = recordingDeliver(time, async () => ({ status: 200 }));
    const second = harness({ deliver, store, time });
    await second.worker.start();
    await settle();
    expect(calls).toEqual([{ id, attempt: 2, at: t0 + 60_000 }]);
    const d = await deliveryOf(store, id!);
    expect(d.delivery.status).toBe('delivered');
    expect(d.attempts.map((a) => a.outcome)).toEqual(['retryable', 'success']);
    expect(second.logs.some((l) => l.recovered === 1)).toBe(true);
  });

  it('reports itself unhealthy while the store fails, and recovers', async () => {
    const time = new FakeTime(t0);
    const store = createMemoryStore();
    const dueTargets = store.dueTargets.bind(store);
    let failures = 0;
    store.dueTargets = () => (failures-- > 0 ? Promise.reject(new Error('disk I/O error')) : dueTargets());
    const h = harness({ deliver: async () => ({}), store, time });
    await h.worker.start();
    failures = 1;
    h.worker.notify();
    await settle();
    expect(h.worker.isHealthy()).toBe(false);
    await time.advance(5000);
    expect(h.worker.isHealthy()).toBe(true);
  });
});
