import { createHmac } from 'node:crypto';
import type { OutboundSigner } from './outbound-signer.js';

/**
 * Connect It's scheme (`x-connect-it-token`: lowercase hex HMAC-SHA256 of the body, keyed with the secret), so a
 * hookgate can forward to another hookgate (or any Connect It receiver) and be verified there.
 */
export function createConnectItSigner(secret: string): OutboundSigner {
  return {
    scheme: 'connect-it',
    headers(body) {
      return { 'x-connect-it-token': createHmac('sha256', secret).update(body, 'utf8').digest('hex') };
    },
  };
}
