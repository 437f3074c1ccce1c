import { createHmac } from 'node:crypto';
import type { VerificationScheme } from './verification-scheme.js';
import { constantTimeEqual } from './constant-time-equal.js';
import { firstHeader } from './first-header.js';

/** Standard Webhooks rejects timestamps more than five minutes away from now (replay protection). */
const toleranceMs = 5 * 60 * 1000;

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-signature` holds space-separated `v1,<base64>` HMAC-SHA256
 * signatures of `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64 secret after `whsec_`. Unknown
 * versions (such as the asymmetric `v1a`) are skipped.
 */
export const standardWebhooksScheme: VerificationScheme = {
  name: 'standard-webhooks',
  signatureHeaders: ['webhook-signature'],
  verify(input, secrets) {
    const id = firstHeader(input.headers, 'webhook-id');
    const timestamp = firstHeader(input.headers, 'webhook-timestamp');
    const signatures = firstHeader(input.headers, 'webhook-signature');
    if (!id || !timestamp || !signatures) return 'missing';
    const seconds = Number(timestamp);
    if (!/^\d+$/.test(timestamp) || Math.abs(input.now - seconds * 1000) > toleranceMs) return 'invalid';
    const received = signatures
      .split(' ')
      .filter((s) => s.startsWith('v1,'))
      .map((s) => s.slice(3));
    const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), input.rawBody]);
    for (const secret of secrets) {
      const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
      const expected = createHmac('sha256', key).update(signed).digest('base64');
      if (received.some((r) => constantTimeEqual(r, expected))) return 'valid';
    }
    return 'invalid';
  },
};
