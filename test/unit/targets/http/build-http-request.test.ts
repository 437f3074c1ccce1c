import { describe, expect, it } from 'vitest';
import {
  attemptHeaders,
  buildHttpRequest,
  planHttpTarget,
} from '../../../../src/targets/http/build-http-request.js';
import { readHttpTargetConfig } from '../../../../src/targets/http/http-target-config.js';
import type { OutboundMessage } from '../../../../src/targets/target.js';
import type { JsonObject } from '../../../../src/types.js';

const rawBody = '{ "type": "test.completed" }';

function message(fields: Record<string, string> = {}): OutboundMessage {
  return {
    fields,
    payload: { type: 'test.completed' },
    rawBody,
    eventType: 'test.completed',
    eventId: 'evt_1',
  };
}

function config(definition: JsonObject = {}) {
  return readHttpTargetConfig({ url: 'https://example.test/hook', ...definition });
}

describe('buildHttpRequest', () => {
  it('passes the received body through unchanged when the route gives no body', () => {
    const plan = buildHttpRequest(config(), message());
    expect(plan).toEqual({
      method: 'POST',
      url: 'https://example.test/hook',
      headers: { 'user-agent': 'hookgate', 'content-type': 'application/json' },
      body: rawBody,
      templatedQuery: new Set(),
      problem: undefined,
    });
  });

  it('uses the route body template when given', () => {
    expect(buildHttpRequest(config(), message({ body: '{"a":1}' })).body).toBe('{"a":1}');
  });

  it('body: passthrough ignores a route body', () => {
    expect(buildHttpRequest(config({ body: 'passthrough' }), message({ body: '{"a":1}' })).body).toBe(
      rawBody,
    );
  });

  it('body: template without a route body is a problem', () => {
    expect(buildHttpRequest(config({ body: 'template' }), message()).problem).toMatch(
      /no "body" message field/,
    );
  });

  it('a templated body that is not JSON is a problem that does not quote the body', () => {
    const plan = buildHttpRequest(config(), message({ body: '{"token": "t0p", "x": unquoted}' }));
    expect(plan.problem).toMatch(/^body template did not produce valid JSON/);
    expect(plan.problem).not.toContain('t0p');
  });

  it('does not require JSON when the content type is not JSON', () => {
    const plan = buildHttpRequest(
      config({ contentType: 'text/plain; charset=utf-8' }),
      message({ body: 'hi' }),
    );
    expect(plan.problem).toBeUndefined();
    expect(plan.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('requires JSON for +json content types', () => {
    const plan = buildHttpRequest(
      config({ contentType: 'application/cloudevents+json' }),
      message({ body: 'hi' }),
    );
    expect(plan.problem).toMatch(/valid JSON/);
  });

  it('static headers are lower-cased and may override the defaults', () => {
    const plan = buildHttpRequest(
      config({ method: 'PUT', headers: { 'X-Api-Key': 'k', 'User-Agent': 'mine/1' } }),
      message(),
    );
    expect(plan.method).toBe('PUT');
    expect(plan.headers).toEqual({
      'user-agent': 'mine/1',
      'content-type': 'application/json',
      'x-api-key': 'k',
    });
  });
});

describe('buildHttpRequest with templated header and query fields', () => {
  it('adds header.<Name> fields as headers, after the static ones', () => {
    const plan = buildHttpRequest(
      config({ headers: { 'X-Team': 'static' } }),
      message({ 'header.X-Team': 'research', 'header.X-Event': 'test.completed' }),
    );
    expect(plan.headers).toMatchObject({ 'x-team': 'research', 'x-event': 'test.completed' });
  });

  it('adds query.<name> fields URL-encoded, so payload text cannot add or end a parameter', () => {
    const plan = buildHttpRequest(config(), message({ 'query.headline': 'a&admin=1#x y' }));
    const url = new URL(plan.url);
    expect(url.searchParams.get('headline')).toBe('a&admin=1#x y');
    expect(url.searchParams.has('admin')).toBe(false);
    expect(url.hash).toBe('');
    expect(plan.url.startsWith('https://example.test/hook?')).toBe(true);
  });
});

describe('attemptHeaders', () => {
  const plan = (c = config()) => buildHttpRequest(c, message({}));
  const attempt = (c = config(), timestampSec = 1) => ({
    plan: plan(c),
    deliveryId: 'dlv_1',
    timestampSec,
    eventType: 'pull_request.opened',
  });

  it('always carries the delivery id as idempotency-key', () => {
    expect(attemptHeaders(config(), attempt())).toEqual({ 'idempotency-key': 'dlv_1' });
  });

  it('adds webhook-id, webhook-timestamp and webhook-signature for standard-webhooks', () => {
    const c = config({
      sign: { scheme: 'standard-webhooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    });
    const headers = attemptHeaders(c, attempt(c, 1700000000));
    expect(headers).toMatchObject({
      'idempotency-key': 'dlv_1',
      'webhook-id': 'dlv_1',
      'webhook-timestamp': '1700000000',
    });
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it('adds x-connect-it-token for connect-it', () => {
    const c = config({ sign: { scheme: 'connect-it', secret: 's' } });
    expect(Object.keys(attemptHeaders(c, attempt(c))).sort()).toEqual([
      'idempotency-key',
      'x-connect-it-token',
    ]);
  });

  it('re-signs as GitHub with the event and delivery headers a GitHub receiver reads', () => {
    const c = config({ sign: { scheme: 'github', secret: 'downstream' } });
    const headers = attemptHeaders(c, attempt(c));
    expect(headers).toMatchObject({ 'x-github-event': 'pull_request', 'x-github-delivery': 'dlv_1' });
    expect(headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('sends a value with characters beyond ASCII as an RFC 8187 ext-value, which decodes back to it', () => {
    const plan = buildHttpRequest(
      config({ headers: { 'X-Team': 'Zürich' } }),
      message({ 'header.X-Title': 'Q3 review — 🎉 done', 'header.X-Plain': 'ok (plain) 100%' }),
    );
    expect(plan.headers['x-title']).toBe("UTF-8''Q3%20review%20%E2%80%94%20%F0%9F%8E%89%20done");
    expect(decodeURIComponent(plan.headers['x-title']!.slice("UTF-8''".length))).toBe('Q3 review — 🎉 done');
    expect(plan.headers['x-team']).toBe("UTF-8''Z%C3%BCrich");
    expect(plan.headers['x-plain']).toBe('ok (plain) 100%');
  });

  it('cuts a header value to 4,096 bytes, never inside an encoded character', () => {
    const plan = buildHttpRequest(
      config(),
      message({ 'header.X-Long': 'a'.repeat(200_000), 'header.X-Wide': '—'.repeat(200_000) }),
    );
    expect(plan.headers['x-long']).toBe('a'.repeat(4096));
    const wide = plan.headers['x-wide']!;
    expect(wide.length).toBeLessThanOrEqual(4096);
    expect(wide).toMatch(/^UTF-8''(%E2%80%94)+$/);
  });
});

describe('planHttpTarget', () => {
  it('a message without header or query fields shares the target plan, built once', () => {
    const target = planHttpTarget(config({ headers: { 'X-Team': 'ops' } }));
    const first = buildHttpRequest(config(), message(), target);
    const second = buildHttpRequest(config(), message({ body: '{"a":1}' }), target);
    expect(first.headers).toBe(target.headers);
    expect(second.headers).toBe(target.headers);
    expect(first.url).toBe(target.url);
    expect(target.headers).toEqual({
      'user-agent': 'hookgate',
      'content-type': 'application/json',
      'x-team': 'ops',
    });
  });

  it('templated headers and query values go on a copy: the target plan stays as it was', () => {
    const target = planHttpTarget(config());
    const plan = buildHttpRequest(config(), message({ 'header.X-Event': 'a', 'query.kind': 'b c' }), target);
    expect(plan.headers).toEqual({ ...target.headers, 'x-event': 'a' });
    expect(plan.url).toBe('https://example.test/hook?kind=b+c');
    expect([...plan.templatedQuery]).toEqual(['kind']);
    expect(target.headers).not.toHaveProperty('x-event');
    expect(target.url).toBe('https://example.test/hook');
    expect(buildHttpRequest(config(), message(), target).templatedQuery.size).toBe(0);
  });
});
