import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../../../src/delivery-outcome.js';
import { logAttempt, type AttemptFacts } from '../../../src/worker/report-attempt.js';
import { retryPresets } from '../../../src/worker/retry-policy.js';
import type { DeliveryJob } from '../../../src/types.js';

function capture(level: string): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

const job = {
  id: 'dlv_1',
  eventId: 'evt_1',
  route: 'r',
  target: 't',
  attempt: 1,
  round: 1,
  event: { receivedAt: 0 },
} as unknown as DeliveryJob;

function facts(outcome: AttemptOutcome): AttemptFacts {
  return {
    job,
    attempt: 1,
    durationMs: 12,
    finishedAt: 1_000,
    httpStatus: outcome.outcome === 'delivered' ? 200 : 503,
    failure: undefined,
    outcome,
    retry: retryPresets.standard,
  };
}

describe('logAttempt', () => {
  it('logs a delivered attempt at info', async () => {
    const { logger, lines } = capture('info');
    logAttempt(logger, facts({ outcome: 'delivered' }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toMatchObject([{ msg: 'delivery attempt', deliveryId: 'dlv_1', outcome: 'success' }]);
  });

  it('at warn, a delivered attempt builds and writes nothing, a retry is still logged', async () => {
    const { logger, lines } = capture('warn');
    let reads = 0;
    const counted = {
      ...job,
      get id() {
        reads++;
        return job.id;
      },
    };
    logAttempt(logger, { ...facts({ outcome: 'delivered' }), job: counted });
    logAttempt(logger, facts({ outcome: 'retry', nextAttemptAt: 2_000, delayMs: 1_000 }));
    await new Promise((resolve) => setImmediate(resolve));
    // The line's fields were never read: the delivered attempt cost no log object.
    expect(reads).toBe(0);
    expect(lines).toMatchObject([{ msg: 'delivery attempt', outcome: 'retryable' }]);
  });
});
