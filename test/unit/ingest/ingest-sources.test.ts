import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../src/config/load-config.js';
import type { SchemeName } from '../../../src/signing/scheme-registry.js';
import { listenIngestApp, type IngestApp } from '../../helpers/ingest-app.js';
import { RecordingQueue } from '../../helpers/recording-queue.js';
import { scheme } from '../../helpers/signed-request.js';
import { stubPlugins } from '../../helpers/stub-plugin.js';

/** The ingest pipeline per preset: where type and id come from, handshakes, forms, charsets, depth, expiry. */
const now = Date.UTC(2026, 10, 30, 12, 0, 0);
const secrets = {
  github: 'gh-secret',
  slack: '8f742231b10e8888abcd99yyyzzz85a5',
  zoom: 'zoom-secret-token',
  stripe: 'whsec_stripe_test',
  twilio: 'twilio-auth-token',
  hmac: 'acme-secret',
  'connect-it': 'cit-secret',
} as const;

const config = loadConfigText(
  'gateway.yaml',
  `
sources:
  gh:
    path: /github
    verify: { preset: github, secrets: ['${secrets.github}'] }
    events: { push: null, 'pull_request.*': null }
  slack:
    path: /slack
    verify: { preset: slack, secrets: ['${secrets.slack}'] }
    events: { app_mention: null, /deploy: null, block_actions: null }
  zoom:
    path: /zoom
    verify: { preset: zoom, secrets: [old-zoom-token, '${secrets.zoom}'] }
    events: { meeting.started: null }
  pay:
    path: /stripe
    verify: { preset: stripe, secrets: ['${secrets.stripe}'], tolerance: 1m }
    events: { 'invoice.*': null }
  sms:
    path: /twilio
    verify: { preset: twilio, secrets: ['${secrets.twilio}'], url: 'https://hooks.example.com/twilio' }
    events: { received: null, delivered: null }
  acme:
    path: /acme
    verify:
      scheme: hmac
      header: x-acme-signature
      encoding: base64
      prefix: 'sha256='
      signed: '{timestamp}.{body}'
      timestamp: { header: x-acme-time }
      secrets: ['${secrets.hmac}']
    eventType: { header: x-acme-event }
    eventId: { header: x-acme-delivery }
    events: { '*': null }
  cit:
    path: /webhook
    verify: { scheme: connect-it, secrets: ['${secrets['connect-it']}'] }
    events: { order.created: null }
targets:
  chat: { type: stub }
routes:
  - { name: prs, source: gh, events: pull_request.opened, to: chat }
  - { name: pushes, source: gh, events: push, to: chat }
`,
  { env: {}, plugins: stubPlugins },
);

let queue: RecordingQueue;
let app: IngestApp;
let base: string;

beforeAll(async () => {
  app = await listenIngestApp({ config, queue: () => queue, now });
  base = app.base;
});
afterAll(async () => {
  await app.close();
});
beforeEach(() => {
  queue = new RecordingQueue();
});

interface SendOptions {
  readonly headers?: Record<string, string>;
  readonly timestampSec?: number;
  readonly contentType?: string;
  readonly url?: string;
}

/** POSTs `body` to `path`, signed by the named scheme's own signer (checked against the providers elsewhere). */
async function post(path: string, as: SchemeName, body: string | Buffer, options: SendOptions = {}) {
  const name = as as keyof typeof secrets;
  const text = typeof body === 'string' ? body : body.toString('latin1');
  const hmacOptions =
    as === 'hmac'
      ? {
          header: 'x-acme-signature',
          encoding: 'base64',
          prefix: 'sha256=',
          signed: '{timestamp}.{body}',
          timestamp: { header: 'x-acme-time' },
        }
      : {};
  const signed = scheme(as, hmacOptions)
    .signer(secrets[name])
    .sign({
      body: text,
      method: 'POST',
      url: options.url ?? `${base}${path}`,
      id: 'msg_1',
      timestampSec: options.timestampSec ?? now / 1000,
    });
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json', ...signed, ...options.headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GitHub', () => {
  it('routes a pull_request with action opened as pull_request.opened, keyed by X-GitHub-Delivery', async () => {
    const response = await post('/github', 'github', '{"action":"opened","number":7}', {
      headers: { 'x-github-event': 'pull_request', 'x-github-delivery': 'd6f0-1' },
    });
    expect(response).toMatchObject({ status: 200, body: { status: 'accepted', deliveries: 1 } });
    expect(queue.enqueued[0]?.event).toMatchObject({ type: 'pull_request.opened', dedupeKey: 'id:"d6f0-1"' });
    expect(queue.enqueued[0]?.deliveries[0]?.route).toBe('prs');
  });

  it('answers ping 200 without queueing it', async () => {
    const response = await post('/github', 'github', '{"zen":"Keep it logically awesome.","hook_id":1}', {
      headers: { 'x-github-event': 'ping', 'x-github-delivery': 'p-1' },
    });
    expect(response).toEqual({ status: 200, body: { status: 'pong' } });
    expect(queue.enqueued).toEqual([]);
  });

  it('says where the type was looked for when the header is missing', async () => {
    const response = await post('/github', 'github', '{"action":"opened"}');
    expect(response).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'event_type_missing',
          message: 'the event has no type (looked for header x-github-event)',
        },
      },
    });
  });
});

describe('Slack', () => {
  it('answers url_verification with its challenge, once verified', async () => {
    const challenge =
      '{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}';
    expect(await post('/slack', 'slack', challenge)).toEqual({
      status: 200,
      body: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' },
    });
    const forged = await fetch(`${base}/slack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: challenge,
    });
    expect(forged.status).toBe(401);
    expect(queue.enqueued).toEqual([]);
  });

  it('types an Events API callback by its inner event and keys it by event_id', async () => {
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: 'Ev01',
      event: { type: 'app_mention', text: 'hi' },
    });
    expect((await post('/slack', 'slack', body)).status).toBe(200);
    expect(queue.enqueued[0]?.event).toMatchObject({ type: 'app_mention', dedupeKey: 'id:"Ev01"' });
  });

  it('parses a slash command form to an object, keeping the raw bytes', async () => {
    const form = 'command=%2Fdeploy&text=api+now&trigger_id=13345224609.738474920.8088930838d88f008e0';
    const response = await post('/slack', 'slack', form, {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    expect(queue.enqueued[0]?.event).toMatchObject({
      type: '/deploy',
      payload: { command: '/deploy', text: 'api now' },
      rawBody: form,
      dedupeKey: 'id:"13345224609.738474920.8088930838d88f008e0"',
    });
  });

  it('takes an interactivity payload field as the event', async () => {
    const payload = JSON.stringify({
      type: 'block_actions',
      trigger_id: 't-1',
      actions: [{ value: 'approve' }],
    });
    const form = `payload=${encodeURIComponent(payload)}`;
    expect(
      (await post('/slack', 'slack', form, { contentType: 'application/x-www-form-urlencoded' })).status,
    ).toBe(200);
    expect(queue.enqueued[0]?.event).toMatchObject({
      type: 'block_actions',
      payload: { actions: [{ value: 'approve' }] },
    });
  });

  it('refuses a request older than five minutes as 401 signature_expired', async () => {
    const body = JSON.stringify({ type: 'event_callback', event_id: 'Ev02', event: { type: 'app_mention' } });
    const response = await post('/slack', 'slack', body, { timestampSec: now / 1000 - 301 });
    expect(response).toMatchObject({ status: 401, body: { error: { code: 'signature_expired' } } });
  });
});

describe('Zoom', () => {
  it('answers endpoint.url_validation with the token’s HMAC under the secret that verified it', async () => {
    const body = JSON.stringify({
      event: 'endpoint.url_validation',
      payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
      event_ts: 1,
    });
    const response = await post('/zoom', 'zoom', body);
    expect(response).toEqual({
      status: 200,
      body: {
        plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
        encryptedToken: createHmac('sha256', secrets.zoom).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'),
      },
    });
    expect(queue.enqueued).toEqual([]);
  });
});

describe('Stripe', () => {
  it('accepts types by glob, keys by id, and honours verify.tolerance', async () => {
    const body = '{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","type":"invoice.paid"}';
    expect((await post('/stripe', 'stripe', body)).status).toBe(200);
    expect(queue.enqueued[0]?.event).toMatchObject({
      type: 'invoice.paid',
      dedupeKey: 'id:"evt_1NG8Du2eZvKYlo2CUI79vXWy"',
    });
    const stale = await post('/stripe', 'stripe', body, { timestampSec: now / 1000 - 61 });
    expect(stale).toMatchObject({ status: 401, body: { error: { code: 'signature_expired' } } });
    const other = await post('/stripe', 'stripe', '{"id":"evt_2","type":"charge.failed"}');
    expect(other).toMatchObject({ status: 400, body: { error: { code: 'event_type_not_accepted' } } });
  });
});

describe('Twilio', () => {
  it('verifies a form against the configured public URL and types it by its status', async () => {
    const form = 'MessageSid=SM1&SmsStatus=received&Body=Ol%C3%A1';
    const response = await post('/twilio', 'twilio', form, {
      contentType: 'application/x-www-form-urlencoded',
      url: 'https://hooks.example.com/twilio',
      headers: { 'i-twilio-idempotency-token': 'tok-1' },
    });
    expect(response.status).toBe(200);
    expect(queue.enqueued[0]?.event).toMatchObject({
      type: 'received',
      payload: { Body: 'Olá' },
      dedupeKey: 'id:"tok-1"',
    });
  });
});

describe('generic hmac with eventType and eventId headers', () => {
  it('reads the type and id from the named headers', async () => {
    const response = await post('/acme', 'hmac', '{"kind":"x"}', {
      headers: { 'x-acme-event': 'thing.made', 'x-acme-delivery': 'del-9' },
    });
    expect(response.status).toBe(200);
    expect(queue.enqueued[0]?.event).toMatchObject({ type: 'thing.made', dedupeKey: 'id:"del-9"' });
  });
});

describe('item 2: ids that parse alike are distinct events', () => {
  it.each([
    ['9007199254740993', '9007199254740992'],
    ['12345678901234567890', '12345678901234567891'],
    ['5', '"5"'],
  ])('%s and %s are both accepted', async (a, b) => {
    for (const id of [a, b]) {
      const response = await post('/webhook', 'connect-it', `{"type":"order.created","id":${id}}`);
      expect(response.body.status).toBe('accepted');
    }
    expect(queue.enqueued.map((e) => e.event.dedupeKey)).toEqual([`id:${a}`, `id:${b}`]);
  });

  it('two different events with an empty id fall back to their body hashes', async () => {
    for (const total of [1, 2]) {
      const response = await post(
        '/webhook',
        'connect-it',
        `{"type":"order.created","id":"","total":${total}}`,
      );
      expect(response.body.status).toBe('accepted');
    }
    expect(queue.enqueued.map((e) => e.event.dedupeKey)).toEqual([
      expect.stringMatching(/^sha256:/),
      expect.stringMatching(/^sha256:/),
    ]);
  });
});

describe('bodies the gateway refuses before they are stored', () => {
  it('a declared charset other than UTF-8: 415 unsupported_charset before reading the body', async () => {
    const latin1 = Buffer.from('{"type":"order.created","city":"Réunion"}', 'latin1');
    const response = await post('/webhook', 'connect-it', latin1, {
      contentType: 'application/json; charset=iso-8859-1',
    });
    expect(response).toMatchObject({ status: 415, body: { error: { code: 'unsupported_charset' } } });
  });

  it('bytes that are not UTF-8 with no charset: 415 unsupported_charset, not replacement characters', async () => {
    const latin1 = Buffer.from('{"type":"order.created","city":"Réunion"}', 'latin1');
    // Signed over the very bytes sent, so it is the charset, not the signature, that is refused.
    const token = createHmac('sha256', secrets['connect-it']).update(latin1).digest('hex');
    const response = await post('/webhook', 'connect-it', latin1, {
      headers: { 'x-connect-it-token': token },
    });
    expect(response).toMatchObject({ status: 415, body: { error: { code: 'unsupported_charset' } } });
  });

  it('nesting deeper than 128 levels: 400 json_too_deep', async () => {
    const body = `{"type":"order.created","x":${'['.repeat(129)}${']'.repeat(129)}}`;
    const response = await post('/webhook', 'connect-it', body);
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'json_too_deep' } } });
  });

  it('a form body on a JSON-only source: 415', async () => {
    const response = await post('/webhook', 'connect-it', 'type=order.created', {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
    expect(queue.enqueued).toEqual([]);
  });
});
