import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfigText } from '../../../src/config/load-config.js';
import { StoreError } from '../../../src/errors.js';
import type { IngestOutcome } from '../../../src/ingest/ingest-webhook.js';
import { listenIngestApp, type IngestApp } from '../../helpers/ingest-app.js';
import { RecordingQueue } from '../../helpers/recording-queue.js';
import { connectItSignature } from '../../helpers/sign.js';
import { stubPlugins } from '../../helpers/stub-plugin.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const secret = 'shop_whsec_1b2c3d';
const now = Date.UTC(2025, 2, 14, 9, 30);

const config = loadConfigText(
  'gateway.yaml',
  [
    'server:',
    '  bodyLimit: 512',
    'sources:',
    '  shop:',
    '    path: /hooks/shop',
    '    verify: { scheme: connect-it, secrets: [old_secret_9f8e, "${SECRET}"] }',
    '    dedupe: { key: id, skip: [test.completed] }',
    '    events:',
    '      order.created: null',
    '      order.unrouted: null',
    '      test.completed: null',
    '      transcript.completed:',
    '        schema: config/schemas/transcript.completed.schema.json',
    'targets:',
    '  chat: { type: stub }',
    '  audit: { type: stub }',
    'routes:',
    '  - name: orders',
    '    source: shop',
    '    events: order.created',
    '    to: [chat, audit]',
    '  - name: tests',
    '    source: shop',
    '    events: test.completed',
    '    to: chat',
    '',
  ].join('\n'),
  { env: { SECRET: secret }, plugins: stubPlugins, baseDir: repoRoot },
);

let queue: RecordingQueue;
const onQueued = vi.fn<() => void>();
const onOutcome = vi.fn<(outcome: IngestOutcome) => void>();
let app: IngestApp;
let url: string;

beforeAll(async () => {
  app = await listenIngestApp({ config, queue: () => queue, now, onQueued, onOutcome });
  url = `${app.base}/hooks/shop`;
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => {
  queue = new RecordingQueue();
  onQueued.mockClear();
  onOutcome.mockClear();
});

async function send(
  body: string,
  options: { headers?: Record<string, string>; sign?: string | false } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const signature =
    options.sign === false ? {} : { 'x-connect-it-token': connectItSignature(body, options.sign ?? secret) };
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signature, ...options.headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The answer with its Content-Type, for the tests that look at it. */
async function sendTyped(body: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-connect-it-token': connectItSignature(body, secret) },
    body,
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

function onlyOutcome(): IngestOutcome {
  expect(onOutcome).toHaveBeenCalledTimes(1);
  return onOutcome.mock.calls[0]![0];
}

const order = JSON.stringify({ type: 'order.created', id: 'ord_1001', total: 42 });

describe('ingestWebhook', () => {
  it('answers an accepted event as JSON text with a UTF-8 JSON Content-Type and its length', async () => {
    const answer = await sendTyped(order);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/json; charset=utf-8');
    const event = queue.enqueued[0]!.event;
    expect(answer.text).toBe(JSON.stringify({ id: event.id, status: 'accepted', deliveries: 2 }));
  });

  it('queues an accepted event with its planned deliveries and answers 200 with id, status and count', async () => {
    const response = await send(order);

    expect(queue.enqueued).toHaveLength(1);
    const { event, deliveries } = queue.enqueued[0]!;
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/) as unknown,
      source: 'shop',
      type: 'order.created',
      dedupeKey: 'id:"ord_1001"',
      receivedAt: now,
      payload: { type: 'order.created', id: 'ord_1001', total: 42 },
      rawBody: order,
      // The received bytes beside their decoding, so the store need not encode the text again.
      rawBytes: Buffer.from(order, 'utf8'),
    });
    expect(deliveries).toEqual([
      { id: `${event.id}~orders~chat`, route: 'orders', target: 'chat' },
      { id: `${event.id}~orders~audit`, route: 'orders', target: 'audit' },
    ]);
    expect(response).toEqual({ status: 200, body: { id: event.id, status: 'accepted', deliveries: 2 } });
    expect(onQueued).toHaveBeenCalledTimes(1);
    expect(onlyOutcome()).toEqual({
      source: 'shop',
      type: 'order.created',
      outcome: 'accepted',
      status: 200,
      durationMs: expect.any(Number) as unknown,
    });
  });

  it('verifies with any of the rotated secrets', async () => {
    expect((await send(order, { sign: 'old_secret_9f8e' })).status).toBe(200);
    expect(queue.enqueued).toHaveLength(1);
  });

  it('answers a repeat with 200 status duplicate and the first id, without waking the worker', async () => {
    const first = await send(order);
    onQueued.mockClear();
    onOutcome.mockClear();

    const repeat = await send(order);

    expect(repeat).toEqual({ status: 200, body: { id: first.body.id, status: 'duplicate', deliveries: 0 } });
    expect(queue.enqueued).toHaveLength(1);
    expect(onQueued).not.toHaveBeenCalled();
    expect(onlyOutcome()).toMatchObject({ type: 'order.created', outcome: 'duplicate', status: 200 });
  });

  it('gives an event type in dedupe.skip a unique key, so an identical resend is accepted again', async () => {
    const test = JSON.stringify({ type: 'test.completed', id: 'same-every-time' });
    const first = await send(test);
    const second = await send(test);

    expect([first.body.status, second.body.status]).toEqual(['accepted', 'accepted']);
    expect(first.body.id).not.toBe(second.body.id);
    expect(queue.enqueued.map(({ event }) => event.dedupeKey)).toEqual([
      `unique:${String(first.body.id)}`,
      `unique:${String(second.body.id)}`,
    ]);
    expect(onQueued).toHaveBeenCalledTimes(2);
  });

  it('keys an event without the dedupe field by the hash of its raw body', async () => {
    await send('{"type":"order.created","total":1}');
    expect(queue.enqueued[0]?.event.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('accepts an event no route matches without waking the worker', async () => {
    const response = await send(JSON.stringify({ type: 'order.unrouted', id: 'x1' }));

    expect(response.body).toMatchObject({ status: 'accepted', deliveries: 0 });
    expect(queue.enqueued[0]?.deliveries).toEqual([]);
    expect(onQueued).not.toHaveBeenCalled();
    expect(onlyOutcome()).toMatchObject({ outcome: 'accepted', status: 200 });
  });

  it.each([
    {
      why: 'a body that is not JSON by its content type',
      body: order,
      options: { headers: { 'content-type': 'text/plain' } },
      status: 415,
      code: 'unsupported_media_type',
      type: undefined,
    },
    {
      why: 'a body over the limit',
      body: JSON.stringify({ type: 'order.created', pad: 'x'.repeat(600) }),
      options: {},
      status: 413,
      code: 'payload_too_large',
      type: undefined,
    },
    { why: 'no signature', body: order, options: { sign: false }, status: 401, code: 'signature_missing' },
    {
      why: 'a wrong signature',
      body: order,
      options: { sign: 'guessed' },
      status: 401,
      code: 'signature_invalid',
    },
    { why: 'a body that is not JSON', body: '{"type":', options: {}, status: 400, code: 'invalid_json' },
    {
      why: 'an event without a type',
      body: '{"id":"ord_1"}',
      options: {},
      status: 400,
      code: 'event_type_missing',
    },
    {
      why: 'an event type the source does not accept',
      body: '{"type":"order.deleted"}',
      options: {},
      status: 400,
      code: 'event_type_not_accepted',
      type: 'order.deleted',
    },
    {
      why: 'a payload against its schema',
      body: JSON.stringify({ type: 'transcript.completed', data: { headline: 7 } }),
      options: {},
      status: 422,
      code: 'schema_violation',
      type: 'transcript.completed',
    },
  ] as const)('queues nothing for $why and reports $status $code', async (rejection) => {
    const response = await send(rejection.body, rejection.options);

    expect(response.status).toBe(rejection.status);
    expect(response.body).toMatchObject({ error: { code: rejection.code } });
    expect(queue.enqueued).toEqual([]);
    expect(onQueued).not.toHaveBeenCalled();
    expect(onlyOutcome()).toMatchObject({
      source: 'shop',
      type: 'type' in rejection ? rejection.type : undefined,
      outcome: rejection.code,
      status: rejection.status,
    });
  });

  it('answers 500 and reports the store error code when the queue fails', async () => {
    queue.failWith = new StoreError('disk I/O error');

    const response = await send(order);

    expect(response).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'internal error' } },
    });
    expect(onQueued).not.toHaveBeenCalled();
    expect(onlyOutcome()).toMatchObject({ type: 'order.created', outcome: 'store_failed', status: 500 });
  });

  it('answers 503 and reports store_unavailable, as it answered, when the store fails for now', async () => {
    queue.failWith = new StoreError('database or disk is full', { transient: true });

    const response = await send(order);

    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ error: { code: 'store_unavailable' } });
    expect(onQueued).not.toHaveBeenCalled();
    expect(onlyOutcome()).toMatchObject({ type: 'order.created', outcome: 'store_unavailable', status: 503 });
  });
});
