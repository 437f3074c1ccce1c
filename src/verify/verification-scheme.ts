import type { IncomingHttpHeaders } from 'node:http';

/**
 * The verification plug-in contract. A scheme (Connect It, GitHub, Standard Webhooks, …) is one module exporting
 * a `VerificationScheme`; the registry maps `verify.scheme` in gateway.yaml to it.
 */
export interface VerifyInput {
  readonly rawBody: Buffer;
  readonly headers: IncomingHttpHeaders;
  /** Milliseconds since the epoch, for schemes with timestamps. */
  readonly now: number;
}

export type VerifyOutcome = 'valid' | 'missing' | 'invalid';

export interface VerificationScheme {
  readonly name: string;
  /** Headers that carry signatures: redacted from logs. */
  readonly signatureHeaders: readonly string[];
  /**
   * Checks the request against each secret in turn (rotation). Must compare in constant time and treat any
   * internal error as `invalid`. Never parses the body for the caller: JSON is parsed only once this holds.
   */
  verify(input: VerifyInput, secrets: readonly string[]): VerifyOutcome;
}
