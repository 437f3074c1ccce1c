import type { IncomingHttpHeaders } from 'node:http';
import { createScheme, type SchemeName } from '../../src/signing/scheme-registry.js';
import type { SchemeOptions } from '../../src/signing/scheme-options.js';
import type { SignatureScheme, SignedRequest, VerifyOutcome } from '../../src/signing/signature-scheme.js';

export const testUrl = 'https://hooks.example.com/in';

/** A request as the gateway hands it to a verifier. */
export function signedRequest(
  body: string | Buffer,
  headers: IncomingHttpHeaders,
  options: { now?: number; url?: string } = {},
): SignedRequest {
  return {
    rawBody: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    headers,
    method: 'POST',
    url: options.url ?? testUrl,
    now: options.now ?? Date.now(),
  };
}

/** The named scheme; fails the test when its options have problems. */
export function scheme(name: SchemeName, options: SchemeOptions = {}): SignatureScheme {
  const result = createScheme(name, options);
  if (!result.scheme) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.scheme;
}

export async function verifyAs(
  name: SchemeName,
  secrets: readonly string[],
  request: SignedRequest,
  options: SchemeOptions = {},
): Promise<VerifyOutcome> {
  return scheme(name, options).verifier(secrets).verify(request);
}

/** Lower-cases header names, as Node gives them to the gateway. */
export function lowerHeaders(headers: Record<string, string>): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
