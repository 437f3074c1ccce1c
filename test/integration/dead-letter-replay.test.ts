import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../src/store/store.js';
import { HttpSink, type SinkReply } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { repoRoot, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';

const secret = 'dead-letter-secret';
const run = promisify(execFile);

// Quick retries (not the standard 5 s base) so a Retry-After of 1 s is what sets the wait; pace high enough that
// Slack's own pacing never holds a post.
const config = (sinkUrl: string): string => `
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["${secret}"] }
    events:
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
  team-slack:
    type: slack
    webhookUrl: "${sinkUrl}/services/T000/B000/XXXX"
    pace: { perSecond: 100, burst: 100 }
    retry: { preset: standard, baseDelay: 100ms, maxDelay: 500ms }
routes:
  - name: transcripts
    events: transcript.completed
    to: team-slack
    message: { title: '{{ event.data.headline }}', text: 'by {{ event.data.user | full_name }}' }
`;

/** The built CLI (`dist/src/cli.js`) as a child process on the gateway's data folder. */
async function cli(dataDir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [join(repoRoot, 'dist', 'src', 'cli.js'), '--data-dir', dataDir, ...args],
    { env: { PATH: process.env.PATH ?? '' }, timeout: 10_000 },
  );
  return stdout;
}

describe('dead letters, replay and Retry-After (Slack incoming webhook)', () => {
  const sinks: HttpSink[] = [];
  const gateways: TestGateway[] = [];
  let sequence = 0;

  const start = async (): Promise<{ sink: HttpSink; running: TestGateway }> => {
    const sink = await new HttpSink().start();
    sinks.push(sink);
    const running = await startTestGateway({ yaml: config(sink.url) });
    gateways.push(running);
    return { sink, running };
  };
  const send = async (running: TestGateway, headline: string): Promise<string> => {
    const event = {
      type: 'transcript.completed',
      id: `evt-dlq-${++sequence}`,
      data: { headline, text: 'hello', user: { first_name: 'Ana', last_name: 'Lima' } },
    };
    const response = await postSigned(`${running.gateway.url}/webhook`, event, secret);
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  };
  const deliveryOf = async (running: TestGateway, eventId: string): Promise<DeliveryRecord | undefined> =>
    (await running.gateway.store.getEvent(eventId))?.deliveries[0]?.delivery;

  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((g) => g.stop()));
    await Promise.all(sinks.splice(0).map((s) => s.stop()));
  });

  it("dead-letters Slack's channel_not_found, shows it in the CLI, and replays it from the CLI", async () => {
    const { sink, running } = await start();
    const dataDir = join(running.dir, 'data');
    sink.reply = () => ({ status: 404, body: 'channel_not_found' });

    const eventId = await send(running, 'Lost channel');
    const deliveryId = `${eventId}~transcripts~team-slack`;
    await sink.waitFor(1);
    const [dead] = await waitUntil('the delivery to be dead-lettered', async () => {
      const list = await running.gateway.store.listDeliveries({ status: 'dead', limit: 10 });
      return list.length > 0 ? list : undefined;
    });
    expect(dead).toMatchObject({ id: deliveryId, status: 'dead', attempts: 1 });
    expect(dead?.deadReason).toContain('permanent failure');
    expect(dead?.deadReason).toContain('channel_not_found');
    // Permanent: no retry was made.
    expect(sink.requests).toHaveLength(1);

    const shown = await cli(dataDir, 'events', 'show', eventId);
    expect(shown).toContain(`Event ${eventId}`);
    expect(shown).toMatch(/status\s+dead\n/);
    expect(shown).toContain(`Delivery ${deliveryId} → team-slack (route transcripts)`);
    expect(shown).toMatch(/status\s+dead \(1 attempt\)/);
    const attemptRow = shown.split('\n').find((line) => /^\s+1\s/.test(line));
    expect(attemptRow).toMatch(/\bpermanent\s+404\s+.*channel_not_found/);

    const deadList = await cli(dataDir, 'deliveries', 'list', '--status', 'dead');
    expect(deadList).toContain(deliveryId);

    sink.reply = () => ({ status: 200, body: 'ok' });
    const replayed = await cli(dataDir, 'replay', deliveryId);
    expect(replayed).toContain(`Delivery ${deliveryId} to team-slack is queued again.`);
    // The CLI wrote to the store from another process; without this the worker finds it on its next poll.
    running.gateway.worker.notify();

    await sink.waitFor(2);
    const header = JSON.parse(sink.requests[1]?.body ?? '{}') as { text?: string };
    expect(header.text).toContain('Lost channel');
    const delivered = await waitUntil('the replayed delivery to be delivered', async () => {
      const delivery = await deliveryOf(running, eventId);
      return delivery?.status === 'delivered' ? delivery : undefined;
    });
    expect(delivered).toMatchObject({ round: 2, attempts: 1 });
    const detail = await running.gateway.store.getEvent(eventId);
    expect(detail?.deliveries[0]?.attempts.map((a) => [a.round, a.outcome, a.httpStatus])).toEqual([
      [1, 'permanent', 404],
      [2, 'success', 200],
    ]);
    expect(await running.gateway.store.listDeliveries({ status: 'dead', limit: 10 })).toEqual([]);
  });

  it('waits out a 429 Retry-After: 1 before trying again, then delivers', async () => {
    const { sink, running } = await start();
    const times: number[] = [];
    const replies: SinkReply[] = [
      { status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } },
      { status: 200, body: 'ok' },
    ];
    // Recorded as each request is answered, on the gateway's own clock (Date.now).
    sink.reply = () => {
      times.push(Date.now());
      return replies[times.length - 1] ?? { status: 200, body: 'ok' };
    };

    const eventId = await send(running, 'Rate limited');
    await sink.waitFor(2);
    const [first = 0, second = 0] = times;
    expect(second - first).toBeGreaterThanOrEqual(1_000);
    const delivered = await waitUntil('the delivery to be delivered', async () => {
      const delivery = await deliveryOf(running, eventId);
      return delivery?.status === 'delivered' ? delivery : undefined;
    });
    expect(delivered.attempts).toBe(2);
    expect(sink.requests).toHaveLength(2);
    const attempts = (await running.gateway.store.getEvent(eventId))?.deliveries[0]?.attempts ?? [];
    expect(attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['retryable', 429],
      ['success', 200],
    ]);
  });
});
