import type { IncomingHttpHeaders } from 'node:http';

/**
 * The signature plug-in contract. A scheme (GitHub's HMAC, Stripe's timestamped list, Standard Webhooks, a token,
 * Twilio's URL signature, …) is one module that both signs and verifies, so what the gateway sends with
 * `sign: { scheme }` is exactly what it accepts with `verify: { scheme }`, and `hookgate send --scheme` signs like
 * the provider. Schemes are found by name in `scheme-registry.ts`; provider presets are data over a few of them.
 */

/** An incoming request as a verifier sees it. */
export interface SignedRequest {
  readonly rawBody: Buffer;
  /** Lowercase names, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  readonly method: string;
  /** The full URL the sender called (Twilio signs it): the configured public URL, else rebuilt from Host. */
  readonly url: string;
  /** Milliseconds since the epoch, for schemes with timestamps. */
  readonly now: number;
}

/**
 * `missing`: no signature (or credential) at all. `invalid`: present but wrong, malformed, or of another scheme.
 * `expired`: authentic, but its timestamp is outside the tolerance (a replay, or a badly wrong clock).
 */
export type VerifyOutcome = 'valid' | 'missing' | 'invalid' | 'expired';

/** What a signer is told about one outgoing request besides its body. */
export interface SignInput {
  /** The body exactly as it will be sent. */
  readonly body: string;
  readonly method: string;
  readonly url: string;
  /** Message id, stable across retries (the delivery id), for schemes that sign one (Standard Webhooks). */
  readonly id: string;
  /** Integer Unix seconds of this attempt. */
  readonly timestampSec: number;
}

export interface Verifier {
  /**
   * Checks the request against each secret in turn (rotation). Compares in constant time; any error inside
   * counts as `invalid`. Never parses the body for the caller: the body is parsed only once this holds.
   */
  verify(request: SignedRequest): VerifyOutcome | Promise<VerifyOutcome>;
}

export interface Signer {
  /** The headers to add; the body must be sent exactly as given. */
  sign(input: SignInput): Record<string, string>;
}

export interface SignatureScheme {
  readonly name: string;
  /** Headers that carry signatures or credentials: never logged or shown. */
  readonly signatureHeaders: readonly string[];
  /**
   * Why a secret cannot work with this scheme, e.g. a Standard Webhooks secret that is not `whsec_` + base64, or
   * undefined. Never quotes the secret. `use` matters where verify and sign take different keys (Ed25519).
   */
  secretProblem(secret: string, use: 'verify' | 'sign'): string | undefined;
  /** Keys are decoded here once, not per request. Secrets must have passed `secretProblem`. */
  verifier(secrets: readonly string[]): Verifier;
  signer(secret: string): Signer;
}
