import { createHmac } from 'node:crypto';
import type { OutboundSigner } from './outbound-signer.js';

const secretPrefix = 'whsec_';

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-signature: v1,<base64>` where the base64 is the HMAC-SHA256
 * of `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the bytes the secret (after `whsec_`) encodes.
 */
export function createStandardWebhooksSigner(secret: string): OutboundSigner {
  const key = decodeSecret(secret);
  return {
    scheme: 'standard-webhooks',
    headers(body, ctx) {
      const timestamp = String(Math.floor(ctx.timestampSec));
      const signature = createHmac('sha256', key)
        .update(`${ctx.deliveryId}.${timestamp}.${body}`, 'utf8')
        .digest('base64');
      return {
        'webhook-id': ctx.deliveryId,
        'webhook-timestamp': timestamp,
        'webhook-signature': `v1,${signature}`,
      };
    },
  };
}

function decodeSecret(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new TypeError('a standard-webhooks secret must be "whsec_" followed by base64');
  }
  return Buffer.from(encoded, 'base64');
}
