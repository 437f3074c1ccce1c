import { createHash, createHmac } from 'node:crypto';
import { constantTimeEqual } from './constant-time-equal.js';
import { firstHeader } from './first-header.js';
import type { SignatureScheme, SignedRequest, VerifyOutcome } from './signature-scheme.js';

/**
 * Twilio (twilio-node lib/webhooks/webhooks.ts): `X-Twilio-Signature` is the base64 HMAC-SHA1, keyed with the
 * auth token, of the full URL followed by each form parameter's name and value, sorted by name. A JSON body is
 * instead covered by `bodySHA256=<hex SHA-256 of the body>` in the URL, and only the URL is signed. A SharedKey
 * webhook may name HMAC_SHA256 in `X-Twilio-Webhooks-Signature-Settings`. Like Twilio's library, the URL is tried
 * as received and with the default port added or removed. There is no timestamp.
 */
const header = 'x-twilio-signature';
const settingsHeader = 'x-twilio-webhooks-signature-settings';

export function createTwilioScheme(): SignatureScheme {
  return {
    name: 'twilio',
    signatureHeaders: [header],
    secretProblem: () => undefined,
    verifier(secrets) {
      return { verify: (request) => verifyTwilio(secrets, request) };
    },
    signer(secret) {
      return {
        sign(input) {
          const params = new URLSearchParams(input.body);
          return { [header]: twilioSignature(secret, 'sha1', input.url, params) };
        },
      };
    },
  };
}

function verifyTwilio(secrets: readonly string[], request: SignedRequest): VerifyOutcome {
  const received = firstHeader(request.headers, header)?.trim();
  if (!received) return 'missing';
  const algorithm = algorithmOf(firstHeader(request.headers, settingsHeader));
  if (algorithm === undefined) return 'invalid';
  const url = parseUrl(request.url);
  if (!url) return 'invalid';
  const bodyHash = url.searchParams.get('bodySHA256');
  let params = new URLSearchParams();
  if (bodyHash !== null) {
    const actual = createHash('sha256').update(request.rawBody).digest('hex');
    if (!constantTimeEqual(bodyHash.toLowerCase(), actual)) return 'invalid';
  } else if (isForm(firstHeader(request.headers, 'content-type'))) {
    params = new URLSearchParams(request.rawBody.toString('utf8'));
  }
  const candidates = new Set([request.url, withoutPort(url), withPort(url)]);
  for (const secret of secrets) {
    for (const candidate of candidates) {
      if (constantTimeEqual(received, twilioSignature(secret, algorithm, candidate, params))) return 'valid';
    }
  }
  return 'invalid';
}

export function twilioSignature(
  secret: string,
  algorithm: 'sha1' | 'sha256',
  url: string,
  params: URLSearchParams,
): string {
  const hmac = createHmac(algorithm, secret).update(url, 'utf8');
  for (const name of [...new Set(params.keys())].sort()) {
    // Repeated parameters: each distinct value once, sorted, as twilio-node does.
    for (const value of [...new Set(params.getAll(name))].sort()) hmac.update(name + value, 'utf8');
  }
  return hmac.digest('base64');
}

function algorithmOf(settings: string | undefined): 'sha1' | 'sha256' | undefined {
  const named = /(?:^|,)\s*algorithm\s*=\s*([^,\s]*)/i.exec(settings ?? '')?.[1]?.toUpperCase();
  if (!named || named === 'HMAC_SHA1') return 'sha1';
  return named === 'HMAC_SHA256' ? 'sha256' : undefined;
}

function isForm(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

const defaultPorts: Record<string, string> = { 'http:': '80', 'https:': '443' };

function withoutPort(url: URL): string {
  const copy = new URL(url.href);
  copy.port = '';
  return copy.href;
}

function withPort(url: URL): string {
  if (url.port !== '') return url.href;
  const port = defaultPorts[url.protocol];
  return port ? `${url.protocol}//${url.host}:${port}${url.pathname}${url.search}` : url.href;
}
