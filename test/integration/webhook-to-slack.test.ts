import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpSink } from '../helpers/http-sink.js';
import { connectItSignature, postSigned } from '../helpers/sign.js';
import { repoRoot, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const secret = 'whk_test_secret_9f2c';
let sequence = 0;
/** A fixture payload; transcripts get a fresh event id so de-duplication does not swallow them. */
const fixture = (name: string): Record<string, unknown> => {
  const event = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', name), 'utf8')) as Record<
    string,
    unknown
  >;
  if (event.id !== undefined) event.id = `${event.id as string}-${++sequence}`;
  return event;
};

/** Every text value Slack would show, from every block and the fallback. */
function slackTexts(body: unknown): string[] {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(body);
  return texts;
}

describe('shipped gateway.yaml: Connect It → Slack', () => {
  const slack = new HttpSink();
  let running: TestGateway;
  let webhook: string;

  beforeAll(async () => {
    await slack.start();
    running = await startTestGateway({
      env: { WEBHOOK_SECRET: secret, SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/XXXX` },
    });
    webhook = `${running.gateway.url}/webhook`;
  });
  afterAll(async () => {
    await running.stop();
    await slack.stop();
  });
  afterEach(() => {
    slack.requests.length = 0;
  });

  it('delivers a signed test.completed to Slack as a confirmation', async () => {
    const response = await postSigned(webhook, fixture('test.completed.json'), secret);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'accepted', deliveries: 1 });
    await slack.waitFor(1);
    expect(slack.requests[0]?.url).toBe('/services/T000/B000/XXXX');
    const body = slack.jsonBodies()[0] as { text: string; blocks: unknown[] };
    expect(body.text).toContain('webhook');
    expect(body.blocks.length).toBeGreaterThan(0);
  });

  it('delivers a signed transcript.completed with headline, who and the text', async () => {
    const response = await postSigned(webhook, fixture('transcript.completed.json'), secret);
    expect(response.status).toBe(200);
    await slack.waitFor(1);
    const all = slackTexts(slack.jsonBodies()[0]).join('\n');
    expect(all).toContain('Weekly planning: gateway roll-out');
    expect(all).toContain('Ana Lima');
    expect(all).toContain('The YAML routes are ready for review.');
  });

  it('verifies a body hashed as raw bytes even when it is not in JSON.stringify form', async () => {
    const body = JSON.stringify(fixture('test.completed.json'), null, 2);
    const response = await postSigned(webhook, undefined, secret, { body });
    expect(response.status).toBe(200);
    await slack.waitFor(1);
  });

  it('escapes hostile text so it cannot mention, ping or link', async () => {
    const event = fixture('transcript.completed.json');
    const hostile = '<!channel> & <@U123> <https://x|y>';
    event.data = { ...(event.data as object), headline: hostile, text: `${hostile}\nnext line` };
    expect((await postSigned(webhook, event, secret)).status).toBe(200);
    await slack.waitFor(1);
    const raw = slack.requests[0]?.body ?? '';
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<@U123>');
    expect(raw).not.toContain('<https://x|y>');
    expect(raw).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;');
    expect(raw).not.toContain('link_names');
  });

  it('keeps emoji and non-BMP characters intact', async () => {
    const event = fixture('transcript.completed.json');
    const text = 'Olá 👋🏽 — 𝄞 music, 漢字, família 👨‍👩‍👧';
    event.data = { ...(event.data as object), headline: text, text };
    expect((await postSigned(webhook, event, secret)).status).toBe(200);
    await slack.waitFor(1);
    expect(slackTexts(slack.jsonBodies()[0]).join('\n')).toContain(text);
  });

  describe('rejections send nothing to Slack', () => {
    const cases: [string, () => Promise<Response>, number, string][] = [
      [
        'missing signature',
        () =>
          fetch(webhook, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"type":"test.completed"}',
          }),
        401,
        'signature_missing',
      ],
      [
        'wrong secret',
        () => postSigned(webhook, fixture('test.completed.json'), 'not-the-secret'),
        401,
        'signature_invalid',
      ],
      [
        'tampered body',
        () => {
          const signed = JSON.stringify(fixture('transcript.completed.json'));
          return fetch(webhook, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-connect-it-token': connectItSignature(signed, secret),
            },
            body: signed.replace('Ana', 'Eve'),
          });
        },
        401,
        'signature_invalid',
      ],
      [
        'body not JSON',
        () => postSigned(webhook, undefined, secret, { body: '{not json' }),
        400,
        'invalid_json',
      ],
      ['no type', () => postSigned(webhook, { hello: 'world' }, secret), 400, 'event_type_missing'],
      [
        'type not accepted',
        () => postSigned(webhook, { type: 'invoice.paid' }, secret),
        400,
        'event_type_not_accepted',
      ],
      [
        'payload fails its schema',
        () => postSigned(webhook, { type: 'transcript.completed', data: { headline: 42 } }, secret),
        422,
        'schema_violation',
      ],
      [
        'not JSON content type',
        () => fetch(webhook, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }),
        415,
        'unsupported_media_type',
      ],
      [
        'body over the limit',
        () =>
          postSigned(
            webhook,
            { type: 'transcript.completed', data: { text: 'x'.repeat(6 * 1024 * 1024) } },
            secret,
          ),
        413,
        'payload_too_large',
      ],
      ['GET on the webhook path', () => fetch(webhook), 405, 'method_not_allowed'],
      ['unknown path', () => fetch(`${running.gateway.url}/nope`, { method: 'POST' }), 404, 'not_found'],
    ];

    it.each(cases.map(([name, send, status, code]) => ({ name, send, status, code })))(
      '$name → $status $code',
      async ({ send, status, code }) => {
        const response = await send();
        expect(response.status).toBe(status);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe(code);
        expect(body.error.message).toBeTypeOf('string');
        expect(JSON.stringify(body)).not.toContain(connectItSignature('{"type":"test.completed"}', secret));
        // A request that was accepted would have reached Slack by the time a later accepted one does.
        expect((await postSigned(webhook, fixture('test.completed.json'), secret)).status).toBe(200);
        await slack.waitFor(1);
        expect(slack.requests).toHaveLength(1);
        expect(slack.requests[0]?.body).toContain('webhook');
        slack.requests.length = 0;
      },
    );

    it('answers 422 with ajv paths and messages', async () => {
      const response = await postSigned(
        webhook,
        { type: 'transcript.completed', data: { headline: 42 } },
        secret,
      );
      const body = (await response.json()) as { error: { details: { path: string; message: string }[] } };
      expect(body.error.details).toContainEqual({ path: '/data/headline', message: 'must be string' });
    });
  });

  it('answers health and readiness', async () => {
    expect((await fetch(`${running.gateway.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${running.gateway.url}/readyz`)).status).toBe(200);
  });
});
