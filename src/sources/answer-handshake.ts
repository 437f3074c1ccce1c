import { createHmac } from 'node:crypto';
import type { JsonObject } from '../types.js';
import type { Handshake } from './source-presets.js';

export interface HandshakeContext {
  /** Whether the source lists this event type (then it is an event like any other, not a handshake). */
  readonly accepts: (type: string) => boolean;
  /** The secret the request verified with (Zoom answers with an HMAC keyed with it). */
  readonly verifiedSecret: () => Promise<string | undefined>;
}

/**
 * Pure but for the secret lookup: the answer to a sender checking its endpoint, or undefined for an event.
 * Handshakes arrive signed and are answered only once verified; nothing is queued.
 * - Slack `url_verification` (api.slack.com/events/url_verification): 200 echoing `challenge`.
 * - Zoom `endpoint.url_validation` (developers.zoom.us/docs/api/webhooks): 200 `{ plainToken, encryptedToken }`,
 *   the token's hex HMAC-SHA256 keyed with the secret token; Zoom repeats it every 72 hours.
 * - GitHub `ping` (sent when a hook is created): 200, unless the source lists `ping` as an event to route.
 */
export async function answerHandshake(
  kind: Handshake | undefined,
  type: string | undefined,
  payload: JsonObject,
  context: HandshakeContext,
): Promise<JsonObject | undefined> {
  if (kind === undefined || type === undefined || context.accepts(type)) return undefined;
  switch (kind) {
    case 'slack-url-verification':
      return type === 'url_verification' && typeof payload.challenge === 'string'
        ? { challenge: payload.challenge }
        : undefined;
    case 'zoom-url-validation': {
      const plainToken = (payload.payload as JsonObject | undefined)?.plainToken;
      if (type !== 'endpoint.url_validation' || typeof plainToken !== 'string') return undefined;
      const secret = await context.verifiedSecret();
      if (secret === undefined) return undefined;
      return { plainToken, encryptedToken: createHmac('sha256', secret).update(plainToken).digest('hex') };
    }
    case 'github-ping':
      return type === 'ping' ? { status: 'pong' } : undefined;
  }
}
