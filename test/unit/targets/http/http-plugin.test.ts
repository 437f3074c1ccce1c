import { MemoryProgress } from '../../../helpers/memory-progress.js';
import nock from 'nock';
import { createHmac } from 'node:crypto';
import { got } from 'got';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../../src/errors.js';
import { httpPlugin } from '../../../../src/targets/http/http-plugin.js';
import type { OutboundMessage, Target, TargetDeps } from '../../../../src/targets/target.js';
import { compileTemplate } from '../../../../src/templates/template-engine.js';
import type { JsonObject } from '../../../../src/types.js';
import { createPacerRegistry } from '../../../../src/targets/shared/pacer-registry.js';

const origin = 'https://receiver.test';
const now = Date.UTC(2026, 10, 28, 16, 0, 0);
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

// Spacing, key order and escapes as a sender wrote them: a pass-through must keep every byte.
const rawBody = '{"type":"transcript.completed",  "data": {"text":"caf\\u00e9 \u00e9 \\/ <b>", "n": 1.50}}\n';
const payload = JSON.parse(rawBody) as JsonObject;

const deps: TargetDeps = {
  http: got.extend({}),
  logger: pino({ level: 'silent' }),
  now: () => now,
  sleep: async () => {},
  progress: new MemoryProgress(),
  pacers: createPacerRegistry(),
};

function target(definition: JsonObject = {}): Target {
  return httpPlugin.create('receiver', { url: `${origin}/hook`, ...definition }, deps);
}

function message(fields: Record<string, string> = {}): OutboundMessage {
  return { fields, payload, rawBody, eventType: 'transcript.completed', eventId: 'evt_1' };
}

const ctx = { deliveryId: 'dlv_01', attempt: 1, round: 1 };

/** A nock body matcher for these exact characters (a string spec would be compared as parsed JSON). */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('http target send()', () => {
  it('a 2xx is success and reports the status', async () => {
    nock(origin).post('/hook').reply(202, 'accepted');
    await expect(target().send(message(), ctx)).resolves.toEqual({ status: 202, detail: '202 Accepted' });
  });

  it('passes the received body through byte for byte, with the delivery id as idempotency-key', async () => {
    nock(origin)
      .post('/hook', exactly(rawBody))
      .matchHeader('idempotency-key', 'dlv_01')
      .matchHeader('content-type', 'application/json')
      .matchHeader('content-length', String(Buffer.byteLength(rawBody)))
      .reply(200);
    await expect(target().send(message(), ctx)).resolves.toMatchObject({ status: 200 });
  });

  it('asks for an uncompressed answer: only a snippet of it is ever read', async () => {
    nock(origin, { badheaders: ['accept-encoding'] })
      .post('/hook')
      .reply(200);
    await expect(target().send(message(), ctx)).resolves.toMatchObject({ status: 200 });
  });

  it('a templated body with hostile text stays valid JSON with the text intact', async () => {
    const hostile = 'He said "hi"}, "admin": true, "x": "\\\n\r\t\u2028</script>{{ oops }}';
    const template = compileTemplate('{"text": "{{ event.data.text }}", "type": "{{ event_type }}"}', 'json');
    const body = template.render({
      event: { data: { text: hostile } },
      event_type: 'transcript.completed',
      source: 'connect-it',
      received_at: '2026-11-28T16:00:00.000Z',
    });
    let sent: unknown;
    nock(origin)
      .post('/hook')
      .reply(200, (_uri, requestBody) => {
        sent = requestBody;
        return '';
      });
    await target().send(message({ body }), ctx);
    expect(sent).toEqual({ text: hostile, type: 'transcript.completed' });
  });

  it('a templated body that is not JSON is permanent and nothing is sent', async () => {
    const error = await failure(target().send(message({ body: '{"text": oops}' }), ctx));
    expect(error.kind).toBe('permanent');
    expect(error.message).toContain('body template did not produce valid JSON');
  });

  it('410 is permanent', async () => {
    nock(origin).post('/hook').reply(410, 'channel_is_archived');
    const error = await failure(target().send(message(), ctx));
    expect(error).toMatchObject({ kind: 'permanent', status: 410 });
    expect(error.message).toContain('channel_is_archived');
  });

  it('429 with Retry-After in seconds is retryable after that delay', async () => {
    nock(origin).post('/hook').reply(429, 'slow down', { 'Retry-After': '30' });
    const error = await failure(target().send(message(), ctx));
    expect(error).toMatchObject({ kind: 'retryable', status: 429, retryAfterMs: 30_000 });
  });

  it('503 with Retry-After as an HTTP date is retryable after that delay', async () => {
    nock(origin)
      .post('/hook')
      .reply(503, '', { 'Retry-After': new Date(now + 120_000).toUTCString() });
    const error = await failure(target().send(message(), ctx));
    expect(error).toMatchObject({ kind: 'retryable', status: 503, retryAfterMs: 120_000 });
  });

  it('500 is retryable', async () => {
    nock(origin).post('/hook').reply(500, 'oops');
    const error = await failure(target().send(message(), ctx));
    expect(error).toMatchObject({ kind: 'retryable', status: 500, retryAfterMs: undefined });
  });

  it('does not follow redirects by default: a 302 is permanent', async () => {
    nock(origin)
      .post('/hook')
      .reply(302, '', { Location: `${origin}/elsewhere` });
    const error = await failure(target().send(message(), ctx));
    expect(error).toMatchObject({ kind: 'permanent', status: 302 });
    expect(error.message).toContain('redirect');
  });

  it('follows a redirect when followRedirects is true', async () => {
    nock(origin)
      .post('/hook')
      .reply(307, '', { Location: `${origin}/elsewhere` });
    nock(origin).post('/elsewhere', rawBody).reply(200);
    await expect(target({ followRedirects: true }).send(message(), ctx)).resolves.toMatchObject({
      status: 200,
    });
  });

  it('a network error is retryable', async () => {
    nock(origin)
      .post('/hook')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const error = await failure(target().send(message(), ctx));
    expect(error.kind).toBe('retryable');
    expect(error.message).toContain('socket hang up');
  });

  it('a timeout is retryable', async () => {
    nock(origin).post('/hook').delay(500).reply(200);
    const error = await failure(target({ timeoutMs: 50 }).send(message(), ctx));
    expect(error.kind).toBe('retryable');
    expect(error.message).toMatch(/timeout/i);
  });

  it('uses the configured method and static headers', async () => {
    nock(origin).put('/hook').matchHeader('x-api-key', 'k1').matchHeader('user-agent', 'hookgate').reply(204);
    await expect(
      target({ method: 'PUT', headers: { 'X-Api-Key': 'k1' } }).send(message(), ctx),
    ).resolves.toEqual({
      status: 204,
      detail: '204 No Content',
    });
  });

  it('error messages never contain the URL credentials or secret headers', async () => {
    nock('https://receiver.test')
      .post('/hook')
      .reply(401, 'bad credentials for user bob / hunter2 / tok-123');
    const error = await failure(
      target({ url: 'https://bob:hunter2@receiver.test/hook', headers: { Authorization: 'tok-123' } }).send(
        message(),
        ctx,
      ),
    );
    expect(error.kind).toBe('permanent');
    expect(error.message).not.toMatch(/bob|hunter2|tok-123/);
    expect(error.message).toContain('https://[redacted]@receiver.test/hook');
  });

  it('a query secret echoed back by the receiver stays out of the error, and so does the URL value', async () => {
    const key = 'k3y-4711-abcd';
    nock(origin)
      .post('/hook')
      .query({ api_key: key })
      .reply(403, `{"error":"key ${key} revoked for https://receiver.test/hook?api_key=${key}"}`);
    const error = await failure(target({ url: `${origin}/hook?api_key=${key}` }).send(message(), ctx));
    expect(error.message).not.toContain(key);
    expect(error.message).toContain(
      'https://receiver.test/hook?api_key=[redacted]: the receiver answered 403',
    );
    expect(error.message).toContain('key [redacted] revoked');
  });

  it('a user name is masked as a whole value only, not inside other words', async () => {
    nock('https://receiver.test').post('/hook').reply(400, 'user-agent missing for user');
    const error = await failure(
      target({ url: 'https://user:hunter2@receiver.test/hook' }).send(message(), ctx),
    );
    expect(error.message).toContain('user-agent missing for [redacted]');
  });

  it('a failure with a huge body keeps a short snippet of it', async () => {
    nock(origin)
      .post('/hook')
      .reply(500, `oops ${'x'.repeat(10_000_000)}`);
    const error = await failure(target().send(message(), ctx));
    expect(error.kind).toBe('retryable');
    expect(error.message).toMatch(/answered 500: oops x{195}…$/);
  });

  it('a failed request keeps credentials out of the message and the logged cause', async () => {
    nock('https://receiver.test')
      .post('/hook')
      .replyWithError(Object.assign(new Error('hunter2 boom'), { code: 'EPIPE' }));
    const error = await failure(
      target({ url: 'https://bob:hunter2@receiver.test/hook' }).send(message(), ctx),
    );
    expect(error.kind).toBe('retryable');
    expect(error.message).not.toContain('hunter2');
    expect(error.cause).toBeInstanceOf(Error);
    expect(JSON.stringify(error.cause, Object.getOwnPropertyNames(error.cause))).not.toContain('hunter2');
    expect(error.cause).toMatchObject({ code: 'EPIPE' });
  });

  it('signs with Standard Webhooks so the reference algorithm verifies the request', async () => {
    let headers: Record<string, string | string[] | undefined> = {};
    nock(origin)
      .post('/hook', exactly(rawBody))
      .reply(function () {
        headers = this.req.headers;
        return [200];
      });
    await target({ sign: { scheme: 'standard-webhooks', secret } }).send(message(), ctx);

    expect(headers['webhook-id']).toBe('dlv_01');
    expect(headers['idempotency-key']).toBe('dlv_01');
    expect(headers['webhook-timestamp']).toBe(String(now / 1000));
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key)
      .update(`dlv_01.${now / 1000}.${rawBody}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });
});

describe('http target preview()', () => {
  it('shows the request with credentials redacted and per-attempt values marked', () => {
    const preview = target({
      url: 'https://bob:hunter2@receiver.test/hook',
      sign: { scheme: 'standard-webhooks', secret },
    }).preview(message());
    expect(preview).toEqual({
      method: 'POST',
      url: 'https://[redacted]@receiver.test/hook',
      headers: {
        'user-agent': 'hookgate',
        'content-type': 'application/json',
        'idempotency-key': '<delivery id>',
        'webhook-id': '<delivery id>',
        'webhook-timestamp': '<computed at send>',
        'webhook-signature': '<computed at send>',
      },
      body: rawBody,
    });
  });

  it("shows the exact URL with templated query parameters, the URL's own values masked", () => {
    const preview = target({ url: `${origin}/hook?api_key=k3y-4711&team=ops` }).preview(
      message({ 'query.event': 'transcript completed', 'query.team': 'sales & ops' }),
    ) as JsonObject;
    expect(preview.url).toBe(
      'https://receiver.test/hook?api_key=[redacted]&team=sales+%26+ops&event=transcript+completed',
    );
  });

  it('masks a static credential header, as it masks the URL credentials', () => {
    const preview = target({ headers: { Authorization: 'Bearer tok-123', 'X-Team': 'research' } }).preview(
      message(),
    ) as { headers: Record<string, string> };
    expect(preview.headers).toMatchObject({ authorization: '[redacted]', 'x-team': 'research' });
  });

  it('gives each message its own preview when heads are shared: templated headers and query, other types', () => {
    const signed = target({ url: `${origin}/hook?team=ops`, sign: { scheme: 'github', secret } });
    const plain = signed.preview(message()) as { headers: Record<string, string>; url: string };
    const templated = signed.preview(message({ 'header.X-Team': 'sales', 'query.run': '7' })) as typeof plain;
    const other = signed.preview({ ...message(), eventType: 'call.ended', rawBody: '{}' }) as JsonObject;
    const again = signed.preview(message()) as typeof plain;
    expect(templated.headers['x-team']).toBe('sales');
    expect(templated.url).toBe('https://receiver.test/hook?team=[redacted]&run=7');
    expect(plain.headers['x-team']).toBeUndefined();
    expect(plain.url).toBe('https://receiver.test/hook?team=[redacted]');
    expect(other.body).toBe('{}');
    expect(again).toEqual(plain);
    expect(again.headers).toEqual({
      'user-agent': 'hookgate',
      'content-type': 'application/json',
      'idempotency-key': '<delivery id>',
      'x-github-event': '<computed at send>',
      'x-github-delivery': '<delivery id>',
      'x-hub-signature-256': '<computed at send>',
    });
  });

  it('reports a body that would be refused instead of throwing', () => {
    const preview = target().preview(message({ body: 'nope' })) as JsonObject;
    expect(preview.body).toBe('nope');
    expect(preview.error).toContain('valid JSON');
  });
});

describe('httpPlugin', () => {
  it('templates only the body, JSON-escaped, with no default (pass-through)', () => {
    expect(httpPlugin.type).toBe('http');
    expect(httpPlugin.fields).toEqual({ body: 'json' });
    expect(httpPlugin.defaultTemplates).toEqual({});
  });
});

describe('http plug-in check()', () => {
  it('reports a signing secret of the wrong form at sign.secret, without quoting it', () => {
    const problems = httpPlugin.checkDefinition?.({
      url: 'https://e.test',
      sign: { scheme: 'standard-webhooks', secret: 'whsec_a b' },
    });
    expect(problems).toEqual([
      {
        path: ['sign', 'secret'],
        message: expect.stringMatching(/^the standard-webhooks signing secret must be "whsec_"/) as unknown,
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('a b');
  });

  it('reports hmac settings on a preset, and a generic hmac without its header', () => {
    expect(
      httpPlugin.checkDefinition?.({
        url: 'https://e.test',
        sign: { scheme: 'github', secret: 's', header: 'x-a' },
      }),
    ).toEqual([
      {
        path: ['sign', 'header'],
        message: '"header" belongs to scheme hmac; preset github fixes how it signs',
      },
    ]);
    expect(
      httpPlugin.checkDefinition?.({ url: 'https://e.test', sign: { scheme: 'hmac', secret: 's' } }),
    ).toEqual([
      { path: ['sign'], message: 'scheme hmac needs "header": the header that carries the signature' },
    ]);
    expect(
      httpPlugin.checkDefinition?.({ url: 'https://e.test', sign: { scheme: 'github', secret: 's' } }),
    ).toEqual([]);
    expect(httpPlugin.checkDefinition?.({ url: 'https://e.test' })).toEqual([]);
  });
});
