import { describe, expect, it } from 'vitest';
import { outboundSigners, outboundSignerSchemes } from '../../../src/signing/outbound-signers.js';
import { connectItScheme } from '../../../src/verify/connect-it-scheme.js';
import { standardWebhooksScheme } from '../../../src/verify/standard-webhooks-scheme.js';

const body = '{"type":"transcript.completed","data":{"text":"a <b> & \\"c\\""}}';
const now = 1_700_000_000_000;

describe('outboundSigners', () => {
  it('lists standard-webhooks and connect-it', () => {
    expect([...outboundSignerSchemes].sort()).toEqual(['connect-it', 'standard-webhooks']);
  });

  // Chaining: what one hookgate signs, the next one's inbound verifier accepts.
  it.each([
    ['standard-webhooks', 'whsec_c2VjcmV0LWZvci1jaGFpbmluZy10ZXN0cw==', standardWebhooksScheme],
    ['connect-it', 'chain-secret', connectItScheme],
  ] as const)('a %s signature verifies with the matching inbound scheme', (scheme, secret, verifier) => {
    const signer = outboundSigners.get(scheme)!(secret);
    const headers = signer.headers(body, { deliveryId: 'dlv_chain', timestampSec: now / 1000 });
    const input = { rawBody: Buffer.from(body), headers, now };
    expect(verifier.verify(input, [secret])).toBe('valid');
    expect(verifier.verify({ ...input, rawBody: Buffer.from(body.replace('<b>', '<i>')) }, [secret])).toBe(
      'invalid',
    );
  });
});
