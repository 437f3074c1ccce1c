import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import Stripe from 'stripe';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSend } from '../../../src/cli/send-command.js';
import { captureIo, configFolder, type ConfigFolder } from '../../helpers/command-io.js';
import { HttpSink, type ReceivedRequest } from '../../helpers/http-sink.js';

const secret = 'send-command-secret';
const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** The Connect It rule, written from its docs: lowercase hex HMAC-SHA256 of the body, compared in constant time. */
function connectItVerifies(request: ReceivedRequest, key: string): boolean {
  const token = request.headers['x-connect-it-token'];
  if (typeof token !== 'string' || !/^[0-9a-f]{64}$/.test(token)) return false;
  const expected = createHmac('sha256', key).update(request.body, 'utf8').digest();
  return timingSafeEqual(Buffer.from(token, 'hex'), expected);
}

describe('runSend (hookgate send)', () => {
  const sink = new HttpSink();
  let folder: ConfigFolder;
  let url: string;

  beforeAll(async () => {
    await sink.start();
    url = `${sink.url}/webhook`;
    folder = configFolder();
  });
  afterAll(async () => {
    await sink.stop();
    folder.remove();
  });
  beforeEach(() => {
    sink.requests.length = 0;
    sink.reply = () => ({ status: 200, body: '' });
  });

  it('POSTs the file as JSON.stringify of it, signed by the Connect It rule; exit 0', async () => {
    const file = join(repoRoot, 'test', 'fixtures', 'transcript.completed.json');
    sink.reply = () => ({ status: 200, body: '{"status":"accepted"}' });
    const io = captureIo();
    expect(await runSend('transcript.completed', { file, url, secret }, io)).toBe(0);

    expect(sink.requests).toHaveLength(1);
    const request = sink.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/webhook');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toBe(JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
    expect(connectItVerifies(request, secret)).toBe(true);
    expect(connectItVerifies(request, 'another-secret')).toBe(false);
    expect(io.stdout).toEqual(['200 OK {"status":"accepted"}']);
    expect(io.stderr).toEqual([]);
  });

  it('without a file sends {"type": <event-type>}', async () => {
    const io = captureIo();
    expect(await runSend('test.completed', { url, secret }, io)).toBe(0);
    expect(sink.requests[0]?.body).toBe('{"type":"test.completed"}');
    expect(connectItVerifies(sink.requests[0]!, secret)).toBe(true);
    expect(io.stdout).toEqual(['200 OK']);
  });

  it('a file without "type" gets the event type, first', async () => {
    const file = folder.write('no-type.json', '{ "data": { "headline": "Olá 👋🏽" } }');
    expect(await runSend('transcript.completed', { file, url, secret }, captureIo())).toBe(0);
    expect(sink.requests[0]?.body).toBe('{"type":"transcript.completed","data":{"headline":"Olá 👋🏽"}}');
    expect(connectItVerifies(sink.requests[0]!, secret)).toBe(true);
  });

  it('a file whose type is not the event type: exit 1, nothing sent', async () => {
    const file = folder.write('mismatch.json', '{"type":"test.completed"}');
    const io = captureIo();
    expect(await runSend('transcript.completed', { file, url, secret }, io)).toBe(1);
    expect(io.stderr).toEqual([`${file} has type "test.completed", not "transcript.completed"`]);
    expect(io.stdout).toEqual([]);
    expect(sink.requests).toHaveLength(0);
  });

  it('a file that is not a JSON object: exit 1, nothing sent', async () => {
    const file = folder.write('array.json', '[{"type":"test.completed"}]');
    const io = captureIo();
    expect(await runSend('test.completed', { file, url, secret }, io)).toBe(1);
    expect(io.stderr).toEqual([`${file} must hold a JSON object`]);
    expect(sink.requests).toHaveLength(0);
  });

  it('no secret: exit 1 saying how to give one, nothing sent', async () => {
    for (const missing of [undefined, '']) {
      const io = captureIo();
      expect(await runSend('test.completed', { url, secret: missing }, io)).toBe(1);
      expect(io.stderr).toEqual(['no secret: pass --secret or set WEBHOOK_SECRET']);
    }
    expect(sink.requests).toHaveLength(0);
  });

  it('a rejection by the gateway: exit 1 with its status and body on stderr', async () => {
    sink.reply = () => ({
      status: 401,
      body: '{"error":{"code":"signature_invalid","message":"the signature does not match"}}',
    });
    const io = captureIo();
    expect(await runSend('test.completed', { url, secret }, io)).toBe(1);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toEqual([
      '401 Unauthorized {"error":{"code":"signature_invalid","message":"the signature does not match"}}',
    ]);
  });

  describe('--scheme: signs as that sender does, judged by the sender’s own library', () => {
    it('github: X-Hub-Signature-256 that octokit verifies, the type in X-GitHub-Event, the action in the body', async () => {
      const io = captureIo();
      expect(await runSend('pull_request.opened', { url, secret, scheme: 'github' }, io)).toBe(0);
      const request = sink.requests[0]!;
      expect(request.headers['x-github-event']).toBe('pull_request');
      expect(request.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(request.body)).toEqual({ action: 'opened' });
      const signature = String(request.headers['x-hub-signature-256']);
      expect(await octokitVerify(secret, request.body, signature)).toBe(true);
    });

    it('stripe: a Stripe-Signature that stripe-node accepts', async () => {
      const whsec = 'whsec_send_command_test';
      expect(await runSend('invoice.paid', { url, secret: whsec, scheme: 'stripe' }, captureIo())).toBe(0);
      const request = sink.requests[0]!;
      const event = new Stripe('sk_test_x').webhooks.constructEvent(
        request.body,
        String(request.headers['stripe-signature']),
        whsec,
      );
      expect(event.type).toBe('invoice.paid');
    });

    it('twilio: a form body whose signature twilio-node validates against the URL', async () => {
      const file = folder.write('sms.json', '{"MessageSid":"SM1","Body":"Olá"}');
      expect(await runSend('received', { file, url, secret, scheme: 'twilio' }, captureIo())).toBe(0);
      const request = sink.requests[0]!;
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const params = Object.fromEntries(new URLSearchParams(request.body));
      expect(params).toEqual({ MessageStatus: 'received', MessageSid: 'SM1', Body: 'Olá' });
      expect(validateRequest(secret, String(request.headers['x-twilio-signature']), url, params)).toBe(true);
    });

    it('an unknown scheme, or a secret of the wrong form: exit 1 with the reason, nothing sent', async () => {
      const io = captureIo();
      expect(await runSend('test.completed', { url, secret, scheme: 'pgp' }, io)).toBe(1);
      expect(io.stderr[0]).toMatch(/^unknown scheme "pgp" \(known: connect-it, github, /);
      const bad = captureIo();
      expect(
        await runSend('test.completed', { url, secret: 'whsec_x y', scheme: 'standard-webhooks' }, bad),
      ).toBe(1);
      expect(bad.stderr[0]).toMatch(/^the standard-webhooks secret must be "whsec_" followed by base64/);
      expect(bad.stderr.join()).not.toContain('x y');
      expect(sink.requests).toHaveLength(0);
    });
  });
});
