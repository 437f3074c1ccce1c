import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { scanJsonText } from '../json/scan-json-text.js';
import { checkTimestamp, type TimestampRule } from './check-timestamp.js';
import { constantTimeEqual } from './constant-time-equal.js';
import { firstHeader } from './first-header.js';
import { formatSignatureHeader, parseSignatureHeader, type SignatureFormat } from './signature-header.js';
import type { SignatureScheme, SignedRequest, SignInput, VerifyOutcome } from './signature-scheme.js';
import type { SignedPart } from './signed-template.js';

/** Where a scheme finds the timestamp of a request. */
export type TimestampSource =
  | { readonly header: string }
  /** A field of the JSON body (Linear's `webhookTimestamp`): read only once the signature over it holds. */
  | { readonly path: string }
  /** The timestamp item of a `pairs` signature header (Stripe's `t=`, Paddle's `ts=`). */
  | { readonly inSignature: true };

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** An HMAC scheme as data: every HMAC preset (GitHub, Stripe, Slack, …) and the generic `hmac` scheme are one. */
export interface HmacSpec {
  readonly name: string;
  readonly algorithm: HmacAlgorithm;
  /** The header carrying the signature (lowercase). */
  readonly header: string;
  readonly encoding: 'hex' | 'base64';
  readonly format: SignatureFormat;
  readonly signed: readonly SignedPart[];
  readonly timestamp?: { readonly from: readonly TimestampSource[]; readonly rule: TimestampRule };
  /** `utf8`: the secret's text is the key. `whsec`: the key is the base64 after `whsec_` (Standard Webhooks). */
  readonly key: 'utf8' | 'whsec';
  /** The header a signer fills with the message id (Standard Webhooks' `webhook-id`). */
  readonly idHeader?: string;
  /** Extra checks of a secret's form, e.g. Stripe's `whsec_` prefix. */
  readonly secretProblem?: (secret: string) => string | undefined;
}

/** What the depth limit is when a timestamp is read from the body (the ingest limit applies later anyway). */
const scanDepth = 128;

export function createHmacScheme(spec: HmacSpec): SignatureScheme {
  const timestampHeaders = (spec.timestamp?.from ?? []).flatMap((source) =>
    'header' in source ? [source.header] : [],
  );
  return {
    name: spec.name,
    signatureHeaders: [spec.header],
    secretProblem(secret) {
      if (spec.key === 'whsec') {
        const problem = whsecProblem(secret);
        if (problem) return problem;
      }
      return spec.secretProblem?.(secret);
    },
    verifier(secrets) {
      const keys = secrets.map((secret) => hmacKey(spec, secret));
      return { verify: (request) => verifyHmac(spec, keys, request) };
    },
    signer(secret) {
      const key = hmacKey(spec, secret);
      return {
        sign(input: SignInput) {
          const headers: Record<string, string> = {};
          const timestamp = String(
            spec.timestamp?.rule.unit === 'ms' ? input.timestampSec * 1000 : input.timestampSec,
          );
          if (spec.idHeader) headers[spec.idHeader] = input.id;
          const timestampHeader = timestampHeaders[0];
          if (timestampHeader) headers[timestampHeader] = timestamp;
          const signature = digest(spec, key, (part) => {
            switch (part.kind) {
              case 'body':
                return input.body;
              case 'timestamp':
                return timestamp;
              case 'method':
                return input.method;
              case 'url':
                return input.url;
              case 'header':
                return headers[part.name] ?? '';
              case 'text':
                return part.text;
            }
          });
          headers[spec.header] = formatSignatureHeader(spec.format, signature, timestamp);
          return headers;
        },
      };
    },
  };
}

/** Synchronous, so schemes built on it (Standard Webhooks) can combine it with other checks. */
export function verifyHmac(
  spec: HmacSpec,
  keys: readonly KeyObject[],
  request: SignedRequest,
): VerifyOutcome {
  const value = firstHeader(request.headers, spec.header);
  if (value === undefined || value.trim() === '') return 'missing';
  const parsed = parseSignatureHeader(spec.format, value);
  if (parsed.signatures.length === 0) return 'invalid';
  const received =
    spec.encoding === 'hex' ? parsed.signatures.map((s) => s.toLowerCase()) : parsed.signatures;

  // A timestamp in the signed string is needed before the HMAC; one only checked for age is read after it holds
  // (reading one from the body means decoding it, which an unsigned request must not cost).
  let timestamp = headerTimestamp(spec, request, parsed.timestamp);
  for (const part of spec.signed) {
    if (part.kind === 'timestamp' && timestamp === undefined) return 'missing';
    if (part.kind === 'header' && !firstHeader(request.headers, part.name)) return 'missing';
  }
  const expected = keys.map((key) =>
    digest(spec, key, (part) => {
      switch (part.kind) {
        case 'body':
          return request.rawBody;
        case 'timestamp':
          return timestamp ?? '';
        case 'method':
          return request.method;
        case 'url':
          return request.url;
        case 'header':
          return firstHeader(request.headers, part.name) ?? '';
        case 'text':
          return part.text;
      }
    }),
  );
  const authentic = expected.some((e) => received.some((r) => constantTimeEqual(r, e)));
  if (!authentic) return 'invalid';
  if (!spec.timestamp) return 'valid';
  timestamp ??= bodyTimestamp(spec, request);
  if (timestamp === undefined) return 'missing';
  return checkTimestamp(timestamp, spec.timestamp.rule, request.now) ?? 'invalid';
}

function headerTimestamp(spec: HmacSpec, request: SignedRequest, inSignature: string | undefined) {
  for (const source of spec.timestamp?.from ?? []) {
    const value =
      'inSignature' in source
        ? inSignature
        : 'header' in source
          ? firstHeader(request.headers, source.header)?.trim()
          : undefined;
    if (value) return value;
  }
  return undefined;
}

function bodyTimestamp(spec: HmacSpec, request: SignedRequest): string | undefined {
  for (const source of spec.timestamp?.from ?? []) {
    if (!('path' in source)) continue;
    const scan = scanJsonText(request.rawBody.toString('utf8'), {
      maxDepth: scanDepth,
      path: source.path.split('.'),
    });
    if (scan.valueText !== undefined && /^\d+$/.test(scan.valueText)) return scan.valueText;
  }
  return undefined;
}

function digest(spec: HmacSpec, key: KeyObject, valueOf: (part: SignedPart) => string | Buffer): string {
  const hmac = createHmac(spec.algorithm, key);
  for (const part of spec.signed) hmac.update(valueOf(part));
  return hmac.digest(spec.encoding);
}

export function hmacKey(spec: HmacSpec, secret: string): KeyObject {
  const bytes = spec.key === 'whsec' ? decodeWhsec(secret) : Buffer.from(secret, 'utf8');
  return createSecretKey(bytes);
}

const whsecPrefix = 'whsec_';

/** Standard Webhooks: the key is the bytes the base64 after `whsec_` encodes, 24 to 64 of them. */
export function decodeWhsec(secret: string): Buffer {
  return Buffer.from(secret.slice(whsecPrefix.length), 'base64');
}

export function whsecProblem(secret: string): string | undefined {
  const encoded = secret.startsWith(whsecPrefix) ? secret.slice(whsecPrefix.length) : undefined;
  if (encoded === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1) {
    return 'must be "whsec_" followed by base64 (the secret exactly as the sender shows it)';
  }
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < 24 || bytes > 64) return 'must encode 24 to 64 bytes after "whsec_" (Standard Webhooks)';
  return undefined;
}
