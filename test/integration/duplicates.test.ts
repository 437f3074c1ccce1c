import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpSink } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const secret = 'dedupe-secret';

interface IngestAnswer {
  readonly id: string;
  readonly status: 'accepted' | 'duplicate';
  readonly deliveries: number;
}

const transcript = (headline: string, id?: string): Record<string, unknown> => ({
  type: 'transcript.completed',
  ...(id === undefined ? {} : { id }),
  data: { headline, text: `${headline} text` },
});

/** The title of each Slack message the sink received, in order (the shipped route puts the headline there). */
function titles(sink: HttpSink): string[] {
  return sink.requests.map((r) => {
    const body = JSON.parse(r.body) as { blocks?: { type: string; text?: { text: string } }[] };
    return body.blocks?.find((b) => b.type === 'header')?.text?.text ?? '';
  });
}

// A fresh gateway per test: the shipped Slack pace (burst 3, then 1 a second) never holds a test up.
describe('duplicates (shipped gateway.yaml)', () => {
  let sink: HttpSink;
  let running: TestGateway;

  beforeEach(async () => {
    sink = await new HttpSink().start();
    running = await startTestGateway({
      env: { WEBHOOK_SECRET: secret, SLACK_WEBHOOK_URL: `${sink.url}/services/T000/B000/XXXX` },
    });
  });
  afterEach(async () => {
    await running.stop();
    await sink.stop();
  });

  const post = async (event: unknown): Promise<IngestAnswer> => {
    const response = await postSigned(`${running.gateway.url}/webhook`, event, secret);
    expect(response.status).toBe(200);
    return (await response.json()) as IngestAnswer;
  };

  it('answers the same transcript.completed id again 200 duplicate and sends it once', async () => {
    const first = await post(transcript('Original', 'evt-dup-1'));
    expect(first).toMatchObject({ status: 'accepted', deliveries: 1 });
    await sink.waitFor(1);

    // Same id, other bytes: the id decides.
    const again = await post(transcript('Original, sent again', 'evt-dup-1'));
    expect(again).toEqual({ id: first.id, status: 'duplicate', deliveries: 0 });

    // A distinct event afterwards: once it is in, a duplicate delivery queued before it would be too.
    const next = await post(transcript('Next', 'evt-dup-2'));
    expect(next).toMatchObject({ status: 'accepted', deliveries: 1 });
    await sink.waitFor(2);
    expect(titles(sink)).toEqual(['Original', 'Next']);
    const events = await running.gateway.store.listEvents({ limit: 10 });
    expect(events.map((e) => e.id).sort()).toEqual([first.id, next.id].sort());
  });

  it('treats an event without id sent twice with identical bytes as a duplicate', async () => {
    const event = transcript('No id');
    const first = await post(event);
    expect(first.status).toBe('accepted');
    await sink.waitFor(1);
    const again = await post(event);
    expect(again).toEqual({ id: first.id, status: 'duplicate', deliveries: 0 });

    const next = await post(transcript('No id either, other bytes'));
    expect(next.status).toBe('accepted');
    await sink.waitFor(2);
    expect(titles(sink)).toEqual(['No id', 'No id either, other bytes']);
    const stored = await running.gateway.store.getEvent(first.id);
    expect(stored?.event.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('delivers test.completed twice: it is under dedupe.skip', async () => {
    const event = { type: 'test.completed' };
    const first = await post(event);
    const second = await post(event);
    expect(first).toMatchObject({ status: 'accepted', deliveries: 1 });
    expect(second).toMatchObject({ status: 'accepted', deliveries: 1 });
    expect(second.id).not.toBe(first.id);
    await sink.waitFor(2);
    expect(sink.requests).toHaveLength(2);
    expect(titles(sink)).toEqual(['Connect It webhook connected', 'Connect It webhook connected']);
  });
});
