import { createHmac } from 'node:crypto';
import type { VerificationScheme } from './verification-scheme.js';
import { constantTimeEqual } from './constant-time-equal.js';
import { firstHeader } from './first-header.js';

const header = 'x-hub-signature-256';

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. */
export const githubScheme: VerificationScheme = {
  name: 'github',
  signatureHeaders: [header],
  verify(input, secrets) {
    const received = firstHeader(input.headers, header)?.trim();
    if (received === undefined || received === '') return 'missing';
    return secrets.some((secret) =>
      constantTimeEqual(
        received,
        `sha256=${createHmac('sha256', secret).update(input.rawBody).digest('hex')}`,
      ),
    )
      ? 'valid'
      : 'invalid';
  },
};
