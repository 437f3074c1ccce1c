import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { standardWebhooksScheme } from '../../../src/verify/standard-webhooks-scheme.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const body = Buffer.from('{"type":"transcript.completed","data":{"id":48213}}');
const now = Date.parse('2026-11-28T16:04:11Z');
const nowSeconds = Math.floor(now / 1000);

/** Signs as the Standard Webhooks spec says: base64 HMAC-SHA256 of `id.timestamp.body`, key = base64 after whsec_. */
function sign(timestamp: number, payload: Buffer = body, key = secret): string {
  const keyBytes = Buffer.from(key.replace(/^whsec_/, ''), 'base64');
  return createHmac('sha256', keyBytes)
    .update(`${id}.${timestamp}.${payload.toString('utf8')}`)
    .digest('base64');
}

function headers(timestamp: number, signature: string): IncomingHttpHeaders {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}

function verify(
  rawBody: Buffer,
  requestHeaders: IncomingHttpHeaders,
  at = now,
  secrets: readonly string[] = [secret],
): string {
  return standardWebhooksScheme.verify({ rawBody, headers: requestHeaders, now: at }, secrets);
}

describe('standardWebhooksScheme.verify', () => {
  it('accepts the test vector of the Standard Webhooks reference libraries', () => {
    const vector = Buffer.from('{"test": 2432232314}');
    const requestHeaders = headers(1614265330, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(verify(vector, requestHeaders, 1614265330 * 1000)).toBe('valid');
  });

  it('accepts a v1 signature computed here', () => {
    expect(verify(body, headers(nowSeconds, `v1,${sign(nowSeconds)}`))).toBe('valid');
  });

  it('accepts a timestamp four minutes old', () => {
    const then = nowSeconds - 4 * 60;
    expect(verify(body, headers(then, `v1,${sign(then)}`))).toBe('valid');
  });

  it('rejects a timestamp more than five minutes old as invalid, even when correctly signed', () => {
    const then = nowSeconds - 6 * 60;
    expect(verify(body, headers(then, `v1,${sign(then)}`))).toBe('invalid');
  });

  it('rejects a timestamp more than five minutes ahead as invalid', () => {
    const then = nowSeconds + 6 * 60;
    expect(verify(body, headers(then, `v1,${sign(then)}`))).toBe('invalid');
  });

  it('rejects a timestamp that is not a whole number of seconds as invalid', () => {
    const requestHeaders = {
      ...headers(nowSeconds, `v1,${sign(nowSeconds)}`),
      'webhook-timestamp': `${nowSeconds}.0`,
    };
    expect(verify(body, requestHeaders)).toBe('invalid');
  });

  it('accepts a list of signatures when one of them is valid', () => {
    const list = `v1,${sign(nowSeconds, body, 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')} v1,${sign(nowSeconds)}`;
    expect(verify(body, headers(nowSeconds, list))).toBe('valid');
  });

  it('skips v1a signatures, even one carrying the right value', () => {
    expect(verify(body, headers(nowSeconds, `v1a,${sign(nowSeconds)}`))).toBe('invalid');
  });

  it('rejects a signature made with another secret as invalid', () => {
    const other = 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(verify(body, headers(nowSeconds, `v1,${sign(nowSeconds, body, other)}`))).toBe('invalid');
  });

  it('rejects a tampered body as invalid', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('48213', '48214'));
    expect(verify(tampered, headers(nowSeconds, `v1,${sign(nowSeconds)}`))).toBe('invalid');
  });

  it('rejects a signature over another message id as invalid', () => {
    const requestHeaders = { ...headers(nowSeconds, `v1,${sign(nowSeconds)}`), 'webhook-id': 'msg_other' };
    expect(verify(body, requestHeaders)).toBe('invalid');
  });

  it('reports a request without id, timestamp or signature as missing', () => {
    const complete = headers(nowSeconds, `v1,${sign(nowSeconds)}`);
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const partial = Object.fromEntries(Object.entries(complete).filter(([key]) => key !== name));
      expect(verify(body, partial), name).toBe('missing');
    }
  });

  it('accepts a signature made with a later secret in the list (rotation)', () => {
    const secrets = ['whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', secret];
    expect(verify(body, headers(nowSeconds, `v1,${sign(nowSeconds)}`), now, secrets)).toBe('valid');
  });
});
