/** What a signer needs to know about one delivery attempt besides the body. */
export interface SignContext {
  /** Stable across retries, so the receiver can dedupe on it. */
  readonly deliveryId: string;
  /** Integer Unix seconds of this attempt. */
  readonly timestampSec: number;
}

/**
 * Signs an outbound request so the receiver (possibly another gateway) can verify it. One module per scheme,
 * found through `outboundSigners` by the `sign.scheme` of an http target.
 */
export interface OutboundSigner {
  readonly scheme: string;
  /** The headers to add for this body; the body must be sent exactly as given. */
  headers(body: string, ctx: SignContext): Record<string, string>;
}
