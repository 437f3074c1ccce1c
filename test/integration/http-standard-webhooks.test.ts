import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpSink, type ReceivedRequest } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const secret = 'http-target-secret';
const crmSecret = `whsec_${randomBytes(24).toString('base64')}`;

/**
 * Standard Webhooks verification written from the spec (standard-webhooks.md), independently of src/: HMAC-SHA256
 * of `{id}.{timestamp}.{body}` keyed with the base64-decoded secret after `whsec_`, compared in constant time
 * against every `v1,` signature in the space-separated header.
 */
function verifyStandardWebhook(headers: IncomingHttpHeaders, body: string, whsec: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  const key = Buffer.from(whsec.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest();
  return signatures.split(' ').some((entry) => {
    const [version, encoded] = entry.split(',', 2);
    if (version !== 'v1' || encoded === undefined) return false;
    const given = Buffer.from(encoded, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const config = `
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["\${WEBHOOK_SECRET}"] }
    events:
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
  crm-raw:
    type: http
    url: "\${SINK_URL}/hooks/raw"
    body: passthrough
    headers: { x-team: research }
    sign: { scheme: standard-webhooks, secret: "\${CRM_WEBHOOK_SECRET}" }
    retry: none
  crm-json:
    type: http
    url: "\${SINK_URL}/hooks/json"
    sign: { scheme: standard-webhooks, secret: "\${CRM_WEBHOOK_SECRET}" }
    retry: none
routes:
  - name: raw-copy
    events: transcript.completed
    to: crm-raw
  - name: json-title
    events: transcript.completed
    to: crm-json
    message:
      body: '{"title": "{{ event.data.headline }}"}'
`;

describe('http target with Standard Webhooks signing', () => {
  const sink = new HttpSink();
  let running: TestGateway;
  let webhook: string;

  beforeAll(async () => {
    await sink.start();
    running = await startTestGateway({
      yaml: config,
      env: { WEBHOOK_SECRET: secret, SINK_URL: sink.url, CRM_WEBHOOK_SECRET: crmSecret },
    });
    webhook = `${running.gateway.url}/webhook`;
  });
  afterAll(async () => {
    await running.stop();
    await sink.stop();
  });
  beforeEach(() => {
    sink.requests.length = 0;
  });

  /** Posts a signed raw body and resolves with the two requests the targets made, by path. */
  async function deliver(
    rawBody: string,
  ): Promise<{ eventId: string; raw: ReceivedRequest; json: ReceivedRequest }> {
    const response = await postSigned(webhook, undefined, secret, { body: rawBody });
    expect(response.status).toBe(200);
    const accepted = (await response.json()) as { id: string; deliveries: number };
    expect(accepted.deliveries).toBe(2);
    await sink.waitFor(2);
    const raw = sink.requests.find((r) => r.url === '/hooks/raw');
    const json = sink.requests.find((r) => r.url === '/hooks/json');
    expect(raw).toBeDefined();
    expect(json).toBeDefined();
    return { eventId: accepted.id, raw: raw!, json: json! };
  }

  it('passes the received body through byte for byte, signed, with webhook-id = idempotency-key = delivery id', async () => {
    // Not in JSON.stringify form: odd spacing, key order, a \u escape and non-BMP characters must all survive.
    const rawBody =
      '{ "type" : "transcript.completed",\n  "id": "evt-sw-1",\n  "data": { "headline": "caf\\u00e9 \\"quoted\\" 👋🏽 𝄞",' +
      ' "text": "line one\\nline two",\t"user": {"first_name": "Ana", "last_name": "Lima"} } }\n';
    const before = Math.floor(Date.now() / 1000);
    const { eventId, raw } = await deliver(rawBody);
    const after = Math.floor(Date.now() / 1000);

    expect(Buffer.from(raw.body, 'utf8').equals(Buffer.from(rawBody, 'utf8'))).toBe(true);
    expect(raw.headers['content-length']).toBe(String(Buffer.byteLength(rawBody, 'utf8')));
    expect(raw.method).toBe('POST');
    expect(raw.headers['content-type']).toBe('application/json');
    expect(raw.headers['x-team']).toBe('research');

    const deliveryId = `${eventId}~raw-copy~crm-raw`;
    expect(raw.headers['webhook-id']).toBe(deliveryId);
    expect(raw.headers['idempotency-key']).toBe(deliveryId);
    const timestamp = raw.headers['webhook-timestamp'];
    expect(timestamp).toMatch(/^\d+$/);
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(after);
    expect(raw.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);

    expect(verifyStandardWebhook(raw.headers, raw.body, crmSecret)).toBe(true);
    // The verifier is not trivially true: another body, id or secret fails.
    expect(verifyStandardWebhook(raw.headers, `${raw.body} `, crmSecret)).toBe(false);
    expect(verifyStandardWebhook({ ...raw.headers, 'webhook-id': 'other' }, raw.body, crmSecret)).toBe(false);
    const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;
    expect(verifyStandardWebhook(raw.headers, raw.body, otherSecret)).toBe(false);
  });

  it('a templated JSON body stays valid JSON and holds a hostile headline exactly', async () => {
    const headline =
      'He said "ship it" \\ C:\\temp\\new\nsecond line\r\n\ttabbed </script> \u2028 {{ event.type }} 👨‍👩‍👧 "}';
    const event = {
      type: 'transcript.completed',
      id: 'evt-sw-2',
      data: { headline, text: 'short', user: { first_name: 'Ana', last_name: 'Lima' } },
    };
    const { eventId, json } = await deliver(JSON.stringify(event));

    expect(json.headers['content-type']).toBe('application/json');
    const parsed = JSON.parse(json.body) as unknown;
    expect(parsed).toEqual({ title: headline });
    expect(json.headers['idempotency-key']).toBe(`${eventId}~json-title~crm-json`);
    expect(json.headers['webhook-id']).toBe(`${eventId}~json-title~crm-json`);
    expect(verifyStandardWebhook(json.headers, json.body, crmSecret)).toBe(true);
  });
});
