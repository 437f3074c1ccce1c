import { sign as signBytes, verify as verifyBytes, type KeyObject } from 'node:crypto';
import { checkTimestamp, type TimestampRule } from './check-timestamp.js';
import {
  ed25519PrivateKey,
  ed25519PublicKey,
  privateKeyPrefix,
  privateKeyProblem,
  publicKeyPrefix,
  publicKeyProblem,
} from './ed25519-keys.js';
import { firstHeader } from './first-header.js';
import { createHmacScheme, hmacKey, verifyHmac, type HmacSpec } from './hmac-scheme.js';
import { parseSignatureHeader } from './signature-header.js';
import type { SignatureScheme, SignedRequest, VerifyOutcome } from './signature-scheme.js';
import { compileSignedTemplate } from './signed-template.js';

/**
 * Standard Webhooks (standardwebhooks.com, spec/standard-webhooks.md): `{prefix}-signature` holds space-separated
 * `v1,<base64 HMAC-SHA256>` (key: the bytes after `whsec_`) and/or `v1a,<base64 Ed25519>` (key: a `whpk_` public
 * key) signatures of `{id}.{timestamp}.{body}`; timestamps more than five minutes old *or ahead* are refused, as
 * the reference library does. Svix is the same scheme with `svix-` header names.
 */
export function createStandardWebhooksScheme(
  name: 'standard-webhooks' | 'svix',
  toleranceMs: number | undefined,
): SignatureScheme {
  const prefix = name === 'svix' ? 'svix' : 'webhook';
  const parts = compileSignedTemplate(`{header.${prefix}-id}.{timestamp}.{body}`);
  if (parts.problem !== undefined) throw new Error(parts.problem);
  const rule: TimestampRule = { unit: 's', toleranceMs: toleranceMs ?? 5 * 60_000, refuseFuture: true };
  const spec: HmacSpec = {
    name,
    algorithm: 'sha256',
    header: `${prefix}-signature`,
    encoding: 'base64',
    format: { kind: 'versioned', version: 'v1' },
    signed: parts.parts,
    timestamp: { from: [{ header: `${prefix}-timestamp` }], rule },
    key: 'whsec',
    idHeader: `${prefix}-id`,
  };
  const hmac = createHmacScheme(spec);
  return {
    name,
    signatureHeaders: [spec.header],
    secretProblem(secret, use) {
      if (use === 'verify' && secret.startsWith(publicKeyPrefix)) return publicKeyProblem(secret);
      if (use === 'sign' && secret.startsWith(privateKeyPrefix)) return privateKeyProblem(secret);
      const problem = hmac.secretProblem(secret, use);
      if (!problem) return undefined;
      return use === 'verify'
        ? `${problem}, or a "whpk_" Ed25519 public key`
        : `${problem}, or a "whsk_" Ed25519 private key`;
    },
    verifier(secrets) {
      const hmacKeys = secrets.filter((s) => !s.startsWith(publicKeyPrefix)).map((s) => hmacKey(spec, s));
      const publicKeys = secrets.filter((s) => s.startsWith(publicKeyPrefix)).map(ed25519PublicKey);
      return {
        verify(request) {
          const outcome = hmacKeys.length > 0 ? verifyHmac(spec, hmacKeys, request) : undefined;
          if (publicKeys.length === 0) return outcome ?? 'invalid';
          if (outcome === 'valid' || outcome === 'expired' || outcome === 'missing') return outcome;
          return verifyEd25519(prefix, rule, publicKeys, request);
        },
      };
    },
    signer(secret) {
      if (!secret.startsWith(privateKeyPrefix)) return hmac.signer(secret);
      const key = ed25519PrivateKey(secret);
      return {
        sign(input) {
          const timestamp = String(input.timestampSec);
          const signature = signBytes(null, Buffer.from(`${input.id}.${timestamp}.${input.body}`), key);
          return {
            [`${prefix}-id`]: input.id,
            [`${prefix}-timestamp`]: timestamp,
            [spec.header]: `v1a,${signature.toString('base64')}`,
          };
        },
      };
    },
  };
}

function verifyEd25519(
  prefix: string,
  rule: TimestampRule,
  keys: readonly KeyObject[],
  request: SignedRequest,
): VerifyOutcome {
  const header = firstHeader(request.headers, `${prefix}-signature`);
  const id = firstHeader(request.headers, `${prefix}-id`);
  const timestamp = firstHeader(request.headers, `${prefix}-timestamp`)?.trim();
  if (!header || !id || !timestamp) return 'missing';
  const signatures = parseSignatureHeader({ kind: 'versioned', version: 'v1a' }, header).signatures;
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), request.rawBody]);
  const authentic = signatures.some((signature) => {
    const bytes = Buffer.from(signature, 'base64');
    // An Ed25519 signature is 64 bytes; anything else cannot match and is not worth a verify.
    return bytes.length === 64 && keys.some((key) => verifyBytes(null, signed, key, bytes));
  });
  if (!authentic) return 'invalid';
  return checkTimestamp(timestamp, rule, request.now) ?? 'invalid';
}
