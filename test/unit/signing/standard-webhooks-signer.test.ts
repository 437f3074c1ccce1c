import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStandardWebhooksSigner } from '../../../src/signing/standard-webhooks-signer.js';

/** The Standard Webhooks algorithm, written out here independently of the signer under test. */
function referenceSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('createStandardWebhooksSigner', () => {
  it('reproduces the specification test vector', () => {
    const signer = createStandardWebhooksSigner('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    const headers = signer.headers('{"test": 2432232314}', {
      deliveryId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestampSec: 1614265330,
    });
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('headers() signs id, timestamp and the exact body so the reference verifier accepts it', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const body = '{"text":"naïve \\u2028 <b>é</b>\\n","n":1}';
    const headers = createStandardWebhooksSigner(secret).headers(body, {
      deliveryId: 'dlv_1',
      timestampSec: 1700000000,
    });
    expect(headers['webhook-signature']).toBe(referenceSignature(secret, 'dlv_1', 1700000000, body));
    expect(headers['webhook-signature']).not.toBe(
      referenceSignature(secret, 'dlv_1', 1700000000, `${body} `),
    );
  });

  it('headers() sends the timestamp as integer seconds', () => {
    const headers = createStandardWebhooksSigner('whsec_c2VjcmV0').headers('{}', {
      deliveryId: 'd',
      timestampSec: 1700000000.9,
    });
    expect(headers['webhook-timestamp']).toBe('1700000000');
  });

  it('accepts a secret without the whsec_ prefix', () => {
    const bare = createStandardWebhooksSigner('c2VjcmV0').headers('{}', { deliveryId: 'd', timestampSec: 1 });
    const prefixed = createStandardWebhooksSigner('whsec_c2VjcmV0').headers('{}', {
      deliveryId: 'd',
      timestampSec: 1,
    });
    expect(bare).toEqual(prefixed);
  });

  it('throws a TypeError naming the format, not the secret, when the secret is not base64', () => {
    expect(() => createStandardWebhooksSigner('whsec_not base64!')).toThrow(/whsec_.*base64/);
    expect(() => createStandardWebhooksSigner('whsec_not base64!')).not.toThrow(/not base64!/);
  });
});
