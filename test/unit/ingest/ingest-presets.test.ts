/** The ingest pipeline per preset: where the type and id come from, handshakes, forms, expiry. */
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { now, secrets, useSourcesApp } from './sources-app.js';

const { post, enqueued, base } = useSourcesApp();

describe('GitHub', () => {
  it('routes a pull_request with action opened as pull_request.opened, keyed by X-GitHub-Delivery', async () => {
    const response = await post('/github', 'github', '{"action":"opened","number":7}', {
      headers: { 'x-github-event': 'pull_request', 'x-github-delivery': 'd6f0-1' },
    });
    expect(response).toMatchObject({ status: 200, body: { status: 'accepted', deliveries: 1 } });
    expect(enqueued()[0]?.event).toMatchObject({ type: 'pull_request.opened', dedupeKey: 'id:"d6f0-1"' });
    expect(enqueued()[0]?.deliveries[0]?.route).toBe('prs');
  });

  it('reads a hook set to application/x-www-form-urlencoded: the event is the payload field', async () => {
    const form = `payload=${encodeURIComponent('{"ref":"refs/heads/main","after":"a1b2"}')}`;
    const response = await post('/github', 'github', form, {
      contentType: 'application/x-www-form-urlencoded',
      headers: { 'x-github-event': 'push', 'x-github-delivery': 'f-1' },
    });
    expect(response.status).toBe(200);
    expect(enqueued()[0]?.event).toMatchObject({
      type: 'push',
      payload: { ref: 'refs/heads/main' },
      rawBody: form,
    });
  });

  it('answers ping 200 without queueing it', async () => {
    const response = await post('/github', 'github', '{"zen":"Keep it logically awesome.","hook_id":1}', {
      headers: { 'x-github-event': 'ping', 'x-github-delivery': 'p-1' },
    });
    expect(response).toEqual({ status: 200, body: { status: 'pong' } });
    expect(enqueued()).toEqual([]);
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
    const forged = await fetch(`${base()}/slack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: challenge,
    });
    expect(forged.status).toBe(401);
    expect(enqueued()).toEqual([]);
  });

  it('types an Events API callback by its inner event and keys it by event_id', async () => {
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: 'Ev01',
      event: { type: 'app_mention', text: 'hi' },
    });
    expect((await post('/slack', 'slack', body)).status).toBe(200);
    expect(enqueued()[0]?.event).toMatchObject({ type: 'app_mention', dedupeKey: 'id:"Ev01"' });
  });

  it('parses a slash command form to an object, keeping the raw bytes', async () => {
    const form = 'command=%2Fdeploy&text=api+now&trigger_id=13345224609.738474920.8088930838d88f008e0';
    const response = await post('/slack', 'slack', form, {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    expect(enqueued()[0]?.event).toMatchObject({
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
    expect(enqueued()[0]?.event).toMatchObject({
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
    expect(enqueued()).toEqual([]);
  });
});

describe('Stripe', () => {
  it('accepts types by glob, keys by id, and honours verify.tolerance', async () => {
    const body = '{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","type":"invoice.paid"}';
    expect((await post('/stripe', 'stripe', body)).status).toBe(200);
    expect(enqueued()[0]?.event).toMatchObject({
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
    expect(enqueued()[0]?.event).toMatchObject({
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
    expect(enqueued()[0]?.event).toMatchObject({ type: 'thing.made', dedupeKey: 'id:"del-9"' });
  });
});
