import { createHmac } from 'node:crypto';
import type { VerificationScheme, VerifyInput, VerifyOutcome } from './verification-scheme.js';
import { constantTimeEqual } from './constant-time-equal.js';
import { firstHeader } from './first-header.js';

const header = 'x-connect-it-token';

/**
 * Connect It plugin webhooks: `x-connect-it-token` is the lowercase hex HMAC-SHA256 of the body keyed with the
 * webhook secret. The sender's sample receiver hashes `JSON.stringify(req.body)` rather than the bytes on the wire,
 * so a request verifies if either the raw bytes or their re-serialised form match; the raw bytes are tried first
 * and the body is parsed here only when they do not match.
 */
export const connectItScheme: VerificationScheme = {
  name: 'connect-it',
  signatureHeaders: [header],
  verify(input: VerifyInput, secrets: readonly string[]): VerifyOutcome {
    const received = firstHeader(input.headers, header)?.trim().toLowerCase();
    if (received === undefined || received === '') return 'missing';
    if (secrets.some((secret) => constantTimeEqual(received, hmacHex(secret, input.rawBody)))) return 'valid';
    const reserialised = reserialise(input.rawBody);
    if (reserialised === undefined) return 'invalid';
    return secrets.some((secret) => constantTimeEqual(received, hmacHex(secret, reserialised)))
      ? 'valid'
      : 'invalid';
  },
};

export function hmacHex(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function reserialise(rawBody: Buffer): string | undefined {
  try {
    return JSON.stringify(JSON.parse(rawBody.toString('utf8')));
  } catch {
    return undefined;
  }
}
