import { TokenBucket } from '../token-bucket.js';
import { createHmacScheme, hmacKey, verifyHmac, type HmacSpec } from './hmac-scheme.js';
import type { SignatureScheme, SignedRequest, VerifyOutcome } from './signature-scheme.js';
import { compileSignedTemplate } from './signed-template.js';

/**
 * The sender's sample receiver (seed/webhooks-guide.txt) parses with `express.json()`, whose default limit is
 * 100 kb: it has never verified a larger body, so neither does the re-serialised fallback.
 */
export const fallbackLimitBytes = 100 * 1024;
/**
 * At most this many KiB are re-serialised per second per source (and at most this many at once). Re-serialising
 * costs about three times hashing, so a flood of wrongly signed bodies costs the fallback at most ~1 MiB/s of
 * parse + stringify (a few ms of CPU per second) whatever its rate: beyond that a bad request costs its hash.
 */
export const fallbackKiBPerSecond = 1024;

const body = compileSignedTemplate('{body}');
const spec: HmacSpec = {
  name: 'connect-it',
  algorithm: 'sha256',
  header: 'x-connect-it-token',
  encoding: 'hex',
  format: { kind: 'plain', prefix: '' },
  signed: body.problem === undefined ? body.parts : [],
  key: 'utf8',
};

/**
 * Connect It plugin webhooks: `x-connect-it-token` is the lowercase hex HMAC-SHA256 of the body keyed with the
 * webhook secret. The sender's sample receiver hashes `JSON.stringify(req.body)` rather than the bytes on the
 * wire, so a body whose raw bytes do not match is tried once more in that re-serialised form — bounded: only up
 * to `fallbackLimitBytes`, and only within a byte budget, so an unsigned request costs no more than hashing it.
 */
export function createConnectItScheme(): SignatureScheme {
  const hmac = createHmacScheme(spec);
  return {
    ...hmac,
    verifier(secrets) {
      const keys = secrets.map((secret) => hmacKey(spec, secret));
      let budget: TokenBucket | undefined;
      return {
        verify(request: SignedRequest): VerifyOutcome {
          const outcome = verifyHmac(spec, keys, request);
          const size = request.rawBody.length;
          if (outcome !== 'invalid' || size > fallbackLimitBytes) return outcome;
          budget ??= new TokenBucket(fallbackKiBPerSecond, fallbackKiBPerSecond, request.now);
          if (!budget.take(request.now, Math.max(1, Math.ceil(size / 1024)))) return outcome;
          const reserialised = reserialise(request.rawBody);
          // Already in JSON.stringify's form: the bytes just checked are the ones the sample would hash.
          if (reserialised === undefined || reserialised.equals(request.rawBody)) return outcome;
          // Field by field: a spread would drop a URL the request computes on first use (a getter).
          return verifyHmac(spec, keys, {
            rawBody: reserialised,
            headers: request.headers,
            method: request.method,
            get url() {
              return request.url;
            },
            now: request.now,
          });
        },
      };
    },
  };
}

function reserialise(rawBody: Buffer): Buffer | undefined {
  try {
    const text = JSON.stringify(JSON.parse(rawBody.toString('utf8')));
    return Buffer.from(text, 'utf8');
  } catch {
    return undefined;
  }
}
