import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSink, type SinkReply } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const secret = 'adaptive-secret';
const cap = 6;
const events = 30;

/** Counts the requests a sink holds open (arrived, not yet answered), and the most at once. */
function countOpen(sink: HttpSink, answer: () => Promise<SinkReply>) {
  const counts = { open: 0, peak: 0 };
  sink.reply = async () => {
    counts.open++;
    counts.peak = Math.max(counts.peak, counts.open);
    try {
      return await answer();
    } finally {
      counts.open--;
    }
  };
  return counts;
}

describe('adaptive concurrency per target', () => {
  const slow = new HttpSink();
  const fast = new HttpSink();
  let running: TestGateway;

  beforeAll(async () => {
    await slow.start();
    await fast.start();
    running = await startTestGateway({
      yaml: `
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["${secret}"] }
    events:
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
  slow: { type: http, url: "${slow.url}/slow", concurrency: ${cap} }
  fast: { type: http, url: "${fast.url}/fast" }
routes:
  - name: both
    events: transcript.completed
    to: [slow, fast]
`,
    });
  });
  afterAll(async () => {
    await running.stop();
    await slow.stop();
    await fast.stop();
  });

  it('a slow target does not hold back a fast one, and never has more than its cap in flight', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // Held until released, then a real target that takes 20 ms per answer.
    const slowCounts = countOpen(slow, async () => {
      await released;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { status: 200, body: 'ok' };
    });
    const fastCounts = countOpen(fast, () => Promise.resolve({ status: 200, body: 'ok' }));

    for (let i = 0; i < events; i++) {
      const event = { type: 'transcript.completed', data: { headline: `call ${i}` } };
      const response = await postSigned(`${running.gateway.url}/webhook`, event, secret);
      expect(response.status).toBe(200);
    }
    // Every event reached the fast target while the slow one still held its first few.
    await fast.waitFor(events, 15_000);
    await slow.waitFor(4);
    expect(slowCounts.open).toBe(4);
    expect(slow.requests).toHaveLength(4);

    release();
    await slow.waitFor(events, 15_000);
    expect(slowCounts.peak).toBeLessThanOrEqual(cap);
    const ids = (bodies: unknown[]) =>
      bodies.map((body) => (body as { data: { headline: string } }).data.headline);
    expect(new Set(ids(slow.jsonBodies())).size).toBe(events);
    expect(ids(fast.jsonBodies()).sort()).toEqual(ids(slow.jsonBodies()).sort());
    expect(fastCounts.peak).toBeGreaterThanOrEqual(1);
  });
});
