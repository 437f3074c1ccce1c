import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { githubScheme } from '../../../src/verify/github-scheme.js';

const secret = "It's a Secret to Everybody";
const body = Buffer.from('Hello, World!');

function verify(
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
  secrets: readonly string[] = [secret],
): string {
  return githubScheme.verify({ rawBody, headers, now: Date.now() }, secrets);
}

describe('githubScheme.verify', () => {
  it('accepts the example signature from the GitHub documentation', () => {
    // docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    const signature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(verify(body, { 'x-hub-signature-256': signature })).toBe('valid');
  });

  it('accepts sha256=<hex HMAC> of the raw body computed here', () => {
    const payload = Buffer.from('{"action":"opened","number":7}');
    const signature = `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`;
    expect(verify(payload, { 'x-hub-signature-256': signature })).toBe('valid');
  });

  it('rejects a signature made with another secret as invalid', () => {
    const signature = `sha256=${createHmac('sha256', 'wrong').update(body).digest('hex')}`;
    expect(verify(body, { 'x-hub-signature-256': signature })).toBe('invalid');
  });

  it('rejects the bare hex without the sha256= prefix as invalid', () => {
    const hex = createHmac('sha256', secret).update(body).digest('hex');
    expect(verify(body, { 'x-hub-signature-256': hex })).toBe('invalid');
  });

  it('rejects a tampered body as invalid', () => {
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(verify(Buffer.from('Hello, World?'), { 'x-hub-signature-256': signature })).toBe('invalid');
  });

  it('reports a missing header as missing', () => {
    expect(verify(body, {})).toBe('missing');
    expect(verify(body, { 'x-hub-signature': 'sha1=abc' })).toBe('missing');
  });

  it('accepts a signature made with a later secret in the list (rotation)', () => {
    const signature = `sha256=${createHmac('sha256', 'previous').update(body).digest('hex')}`;
    expect(verify(body, { 'x-hub-signature-256': signature }, ['current', 'previous'])).toBe('valid');
  });
});
