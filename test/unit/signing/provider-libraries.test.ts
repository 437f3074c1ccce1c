import { createHash, createHmac } from 'node:crypto';
import { verifySlackRequest } from '@slack/bolt/dist/receivers/verify-request.js';
import { LinearWebhookClient } from '@linear/sdk/webhooks';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { Paddle } from '@paddle/paddle-node-sdk';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { describe, expect, it } from 'vitest';
import { lowerHeaders, scheme, signedRequest, testUrl, verifyAs } from '../../helpers/signed-request.js';

/**
 * Every preset against its provider's own code, where the provider publishes it on npm: what the provider signs,
 * the gateway accepts; what the gateway signs (`sign:` on an http target, `hookgate send --scheme`), the provider
 * accepts. Svix's own npm package needs Node 22, so svix is judged by the Standard Webhooks library, which its
 * scheme is (same algorithm and secret form, `svix-*` header names).
 */
const body = '{"type":"invoice.paid","id":"evt_1","data":{"amount":4200,"note":"naïve <b> & \\"q\\""}}';
const nowSec = Math.floor(Date.now() / 1000);
const input = {
  body,
  method: 'POST',
  url: testUrl,
  id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
  timestampSec: nowSec,
};

describe('github preset and @octokit/webhooks-methods', () => {
  const secret = "It's a Secret to Everybody";

  it('accepts what octokit signs, and octokit accepts what it signs', async () => {
    const signature = await octokitSign(secret, body);
    const request = signedRequest(body, { 'x-hub-signature-256': signature });
    expect(await verifyAs('github', [secret], request)).toBe('valid');

    const ours = scheme('github').signer(secret).sign(input);
    expect(await octokitVerify(secret, body, ours['x-hub-signature-256'] ?? '')).toBe(true);
  });

  it('reproduces GitHub’s documented test vector', async () => {
    // docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    const expected = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    const request = signedRequest('Hello, World!', { 'x-hub-signature-256': expected });
    expect(await verifyAs('github', [secret], request)).toBe('valid');
  });
});

describe('stripe preset and stripe-node', () => {
  const secret = 'whsec_test_secret_for_the_gateway_1234';
  const stripe = new Stripe('sk_test_not_used');

  it('accepts a header from webhooks.generateTestHeaderString', async () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: nowSec });
    const request = signedRequest(body, { 'stripe-signature': header }, { now: nowSec * 1000 });
    expect(await verifyAs('stripe', [secret], request)).toBe('valid');
  });

  it('signs so that webhooks.constructEvent accepts it', () => {
    const header = scheme('stripe').signer(secret).sign(input)['stripe-signature'] ?? '';
    const event = stripe.webhooks.constructEvent(body, header, secret, 300, undefined, nowSec * 1000);
    expect(event.id).toBe('evt_1');
  });

  it('agrees with stripe-node on age: 301 s old is refused by both; a future timestamp passes both', async () => {
    const old = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: nowSec - 301 });
    expect(() => stripe.webhooks.constructEvent(body, old, secret, 300, undefined, nowSec * 1000)).toThrow(
      /tolerance/,
    );
    expect(
      await verifyAs(
        'stripe',
        [secret],
        signedRequest(body, { 'stripe-signature': old }, { now: nowSec * 1000 }),
      ),
    ).toBe('expired');
    const ahead = stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret,
      timestamp: nowSec + 3600,
    });
    expect(stripe.webhooks.constructEvent(body, ahead, secret, 300, undefined, nowSec * 1000).id).toBe(
      'evt_1',
    );
    expect(
      await verifyAs(
        'stripe',
        [secret],
        signedRequest(body, { 'stripe-signature': ahead }, { now: nowSec * 1000 }),
      ),
    ).toBe('valid');
  });
});

describe('standard-webhooks and svix presets and the standardwebhooks library', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it.each(['standard-webhooks', 'svix'] as const)('%s: accepts what the library signs', async (name) => {
    const prefix = name === 'svix' ? 'svix' : 'webhook';
    const signature = new StandardWebhook(secret).sign(input.id, new Date(nowSec * 1000), body);
    const headers = {
      [`${prefix}-id`]: input.id,
      [`${prefix}-timestamp`]: String(nowSec),
      [`${prefix}-signature`]: signature,
    };
    expect(await verifyAs(name, [secret], signedRequest(body, headers))).toBe('valid');
  });

  it.each(['standard-webhooks', 'svix'] as const)('%s: the library accepts what it signs', (name) => {
    const headers = scheme(name).signer(secret).sign(input);
    // The library reads webhook-* names; svix-* carry the same values under Svix's names.
    const asStandard = Object.fromEntries(
      Object.entries(headers).map(([key, value]) => [key.replace(/^svix-/, 'webhook-'), value]),
    );
    expect(Object.keys(headers).every((key) => key.startsWith(name === 'svix' ? 'svix-' : 'webhook-'))).toBe(
      true,
    );
    expect(new StandardWebhook(secret).verify(body, asStandard)).toMatchObject({ id: 'evt_1' });
  });
});

describe('slack preset and @slack/bolt verifySlackRequest', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';

  it('bolt accepts what it signs', () => {
    const headers = scheme('slack').signer(secret).sign(input);
    expect(() =>
      verifySlackRequest({
        signingSecret: secret,
        body,
        headers: {
          'x-slack-signature': headers['x-slack-signature'] ?? '',
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
        nowMilliseconds: nowSec * 1000,
      }),
    ).not.toThrow();
  });

  it('accepts Slack’s documented worked example', async () => {
    // api.slack.com/authentication/verifying-requests-from-slack ("A recipe for security", step by step):
    const slashCommand =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = {
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    };
    const request = signedRequest(slashCommand, headers, { now: 1531420618 * 1000 });
    expect(await verifyAs('slack', [secret], request)).toBe('valid');
  });
});

describe('twilio preset and twilio-node', () => {
  const token = '12345';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  };
  const form = new URLSearchParams(params).toString();
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

  it('accepts getExpectedTwilioSignature, which matches Twilio’s documented example', async () => {
    // twilio.com/docs/usage/security#validating-requests: this URL, these parameters, auth token 12345.
    const expected = getExpectedTwilioSignature(token, url, params);
    expect(expected).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    const request = signedRequest(form, { ...formHeaders, 'x-twilio-signature': expected }, { url });
    expect(await verifyAs('twilio', [token], request)).toBe('valid');
  });

  it('signs so that validateRequest accepts it', () => {
    const signature = scheme('twilio')
      .signer(token)
      .sign({ ...input, body: form, url })['x-twilio-signature'];
    expect(validateRequest(token, signature ?? '', url, params)).toBe(true);
  });

  it('accepts a JSON body covered by bodySHA256 in the URL, and refuses it once the body changes', async () => {
    const json = '{"MessageSid":"SM1","MessageStatus":"delivered"}';
    const hash = createHash('sha256').update(json).digest('hex');
    const jsonUrl = `https://example.com/twilio?bodySHA256=${hash}`;
    const signature = getExpectedTwilioSignature(token, jsonUrl, {});
    const headers = { 'content-type': 'application/json', 'x-twilio-signature': signature };
    expect(await verifyAs('twilio', [token], signedRequest(json, headers, { url: jsonUrl }))).toBe('valid');
    const changed = json.replace('delivered', 'failed');
    expect(await verifyAs('twilio', [token], signedRequest(changed, headers, { url: jsonUrl }))).toBe(
      'invalid',
    );
  });
});

describe('paddle preset and @paddle/paddle-node-sdk (verify only: Paddle publishes no signer)', () => {
  const secret = 'pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI';

  it('signs so that Webhooks.isSignatureValid accepts it', async () => {
    // The SDK checks against the real clock with 5 s of tolerance: sign with the time of this very moment.
    const fresh = { ...input, timestampSec: Math.floor(Date.now() / 1000) };
    const header = scheme('paddle').signer(secret).sign(fresh)['paddle-signature'] ?? '';
    expect(header).toMatch(/^ts=\d+;h1=[0-9a-f]{64}$/);
    // Constructing the client installs the SDK's Node crypto provider, which its webhook check needs.
    const paddle = new Paddle('pdl_sdbx_apikey_not_used');
    expect(await paddle.webhooks.isSignatureValid(body, secret, header)).toBe(true);
    expect(await paddle.webhooks.isSignatureValid(`${body} `, secret, header)).toBe(false);
  });
});

describe('linear preset and @linear/sdk LinearWebhookClient', () => {
  const secret = 'lin_wh_6fc2f9bba7c1b8e0c0d0b3f5e1a2c3d4';

  it('the SDK accepts what it signs, with the body’s webhookTimestamp', async () => {
    const linearBody = JSON.stringify({ type: 'Issue', action: 'create', webhookTimestamp: Date.now() });
    const headers = scheme('linear')
      .signer(secret)
      .sign({ ...input, body: linearBody });
    const client = new LinearWebhookClient(secret);
    const timestamp = (JSON.parse(linearBody) as { webhookTimestamp: number }).webhookTimestamp;
    expect(client.verify(Buffer.from(linearBody), headers['linear-signature'] ?? '', timestamp)).toBe(true);
  });

  it('accepts a signature the SDK’s own check accepts', async () => {
    const linearBody = JSON.stringify({ type: 'Issue', action: 'update', webhookTimestamp: Date.now() });
    const signature = createHmac('sha256', secret).update(linearBody).digest('hex');
    const client = new LinearWebhookClient(secret);
    expect(client.verify(Buffer.from(linearBody), signature)).toBe(true);
    const request = signedRequest(linearBody, lowerHeaders({ 'Linear-Signature': signature }));
    expect(await verifyAs('linear', [secret], request)).toBe('valid');
  });
});
