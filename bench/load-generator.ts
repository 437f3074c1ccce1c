import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SignedEventPool } from './make-signed-events.js';

export interface LoadOptions {
  /** e.g. [http://127.0.0.1:40123/webhook]; with several (replicas), requests take them in turn (round-robin). */
  readonly urls: readonly string[];
  readonly pool: SignedEventPool;
  /** Keep-alive connections, each closed-loop: it sends its next request once the previous one answered. */
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /**
   * Starts at most this many requests per second over all connections (evenly spaced); undefined: each
   * connection sends again as soon as it is answered.
   */
  readonly ratePerSecond?: number | undefined;
  /** Longest wait for one answer; a request over it counts as an error. */
  readonly requestTimeoutMs?: number;
  /** Called just before each send, with the time on `performance.now()`'s clock (end-to-end latency). */
  readonly onSend?: (id: string, at: number) => void;
  /** Called when the measured period starts, and when the last answer of the run arrived (CPU readings). */
  readonly onMeasure?: (phase: 'start' | 'end', at: number) => void;
}

export interface LoadResult {
  /** Answers (any status) that arrived in the measured period. */
  readonly completed: number;
  /** 200s among them: requests per second is `ok / measured seconds`. */
  readonly ok: number;
  readonly rps: number;
  /** Latency (ms) of each 200 answered in the measured period, in arrival order. */
  readonly latenciesMs: readonly number[];
  /** Non-200 answers and failed requests over the whole run, by status or error code. */
  readonly failures: Readonly<Record<string, number>>;
  readonly firstFailure: string | undefined;
  readonly sent: number;
  readonly measureStart: number;
  readonly measureEnd: number;
}

/** More failures than this (server gone, wrong secret) ends the run early instead of spinning. */
const maxFailures = 200;

/**
 * A closed-loop load generator over `concurrency` keep-alive connections: a warm-up that is not measured, then a
 * measured period. Every loop ends by itself: no request starts after the deadline, and each has a timeout.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const targets = options.urls.map((url) => new URL(url));
  if (targets.length === 0) throw new Error('runLoad needs at least one url');
  let turn = 0;
  // maxSockets counts per host and port: with several replicas each may get up to `concurrency` connections, but
  // only `concurrency` requests are ever open at once.
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.concurrency,
    maxFreeSockets: options.concurrency,
  });
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const start = performance.now();
  const measureStart = start + options.warmupMs;
  const measureEnd = measureStart + options.measureMs;
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  let failed = 0;
  let firstFailure: string | undefined;
  let completed = 0;
  let ok = 0;
  let sent = 0;

  const fail = (key: string, detail: string): void => {
    failures[key] = (failures[key] ?? 0) + 1;
    failed++;
    firstFailure ??= detail;
  };

  const send = (): Promise<void> =>
    new Promise((resolve) => {
      const event = options.pool.take();
      const target = targets[turn++ % targets.length]!;
      const sentAt = performance.now();
      options.onSend?.(event.id, sentAt);
      sent++;
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': event.body.length,
            'x-connect-it-token': event.signature,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            if (res.statusCode !== 200) chunks.push(chunk);
          });
          res.on('end', () => {
            const at = performance.now();
            const inWindow = at >= measureStart && at < measureEnd;
            if (inWindow) completed++;
            if (res.statusCode === 200) {
              if (inWindow) {
                ok++;
                latenciesMs.push(at - sentAt);
              }
            } else {
              fail(
                String(res.statusCode),
                `${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`,
              );
            }
            resolve();
          });
          res.on('error', (error) => {
            fail('response-error', error.message);
            resolve();
          });
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) => {
        fail(error.code ?? 'error', error.message);
        resolve();
      });
      req.end(event.body);
    });

  // Paced runs share one schedule: each send takes the next slot and waits for it (never catches up in bursts).
  const spacingMs = options.ratePerSecond ? 1000 / options.ratePerSecond : 0;
  let nextSlot = start;
  const connection = async (): Promise<void> => {
    while (performance.now() < measureEnd && failed < maxFailures) {
      if (spacingMs > 0) {
        const now = performance.now();
        nextSlot = Math.max(nextSlot + spacingMs, now);
        if (nextSlot > now) await sleep(nextSlot - now);
        if (performance.now() >= measureEnd) break;
      }
      await send();
    }
  };

  // 'end' is reported when the connections are done, not by a timer: they stop at the deadline and their last
  // answers can all arrive before a timer set for that same deadline fires.
  const phase = { measuring: false };
  const startMark = setTimeout(() => {
    phase.measuring = true;
    options.onMeasure?.('start', performance.now());
  }, options.warmupMs);
  try {
    await Promise.all(Array.from({ length: options.concurrency }, connection));
  } finally {
    clearTimeout(startMark);
    if (phase.measuring) options.onMeasure?.('end', performance.now());
    agent.destroy();
  }
  const measuredMs = Math.min(performance.now(), measureEnd) - measureStart;
  return {
    completed,
    ok,
    rps: measuredMs > 0 ? (ok / measuredMs) * 1000 : Number.NaN,
    latenciesMs,
    failures,
    firstFailure,
    sent,
    measureStart,
    measureEnd,
  };
}
