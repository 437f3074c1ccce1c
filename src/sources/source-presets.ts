import type { SchemeName } from '../signing/scheme-registry.js';

/**
 * What each sender's requests look like beyond their signature: where the event type and the event id are, which
 * body formats it sends, and which handshake it expects answered. Data, keyed like the signature schemes; a
 * source's `eventType`/`eventId` in gateway.yaml replace these defaults.
 */

/** Where a value is found: a request header, a dotted path in the body, or a fixed value. */
export type FieldSource =
  { readonly header: string } | { readonly path: string } | { readonly value: string };

export interface EventTypeSpec {
  /** Tried in order; the first non-empty string wins. */
  readonly from: readonly FieldSource[];
  /** A body field appended after a dot when it is a non-empty string (GitHub's `action`: `pull_request.opened`). */
  readonly suffix?: string | undefined;
}

export interface EventIdSpec {
  /** Tried in order; none found means the SHA-256 of the raw body. */
  readonly from: readonly FieldSource[];
}

export type BodyFormat = 'json' | 'form';

/** A request answered at once, never queued: the sender checking the endpoint. */
export type Handshake = 'slack-url-verification' | 'zoom-url-validation' | 'github-ping';

export interface SourcePreset {
  readonly eventType: EventTypeSpec;
  readonly eventId: EventIdSpec;
  readonly accept: readonly BodyFormat[];
  readonly handshake?: Handshake;
  /** A form field whose value is the JSON event itself (Slack interactivity's `payload`). */
  readonly formPayload?: string;
}

const bodyTypeAndId: SourcePreset = {
  eventType: { from: [{ path: 'type' }] },
  eventId: { from: [{ path: 'id' }] },
  accept: ['json'],
};

export const sourcePresets: Readonly<Record<SchemeName, SourcePreset>> = {
  'connect-it': bodyTypeAndId,
  github: {
    eventType: { from: [{ header: 'x-github-event' }], suffix: 'action' },
    // The same on a redelivery, so a redelivered event is recognised.
    eventId: { from: [{ header: 'x-github-delivery' }] },
    // A hook set to application/x-www-form-urlencoded sends the JSON event as the form field `payload`.
    accept: ['json', 'form'],
    handshake: 'github-ping',
    formPayload: 'payload',
  },
  gitlab: {
    eventType: { from: [{ header: 'x-gitlab-event' }] },
    // Stable across GitLab's retries (X-Gitlab-Webhook-UUID is new on each).
    eventId: { from: [{ header: 'idempotency-key' }] },
    accept: ['json'],
  },
  stripe: bodyTypeAndId,
  slack: {
    // Events API: `event.type` inside `type: event_callback`; interactivity: `type`; slash commands: `command`.
    eventType: { from: [{ path: 'event.type' }, { path: 'type' }, { path: 'command' }] },
    eventId: { from: [{ path: 'event_id' }, { path: 'trigger_id' }] },
    accept: ['json', 'form'],
    handshake: 'slack-url-verification',
    formPayload: 'payload',
  },
  shopify: {
    eventType: { from: [{ header: 'x-shopify-topic' }] },
    eventId: { from: [{ header: 'x-shopify-webhook-id' }] },
    accept: ['json'],
  },
  'standard-webhooks': {
    eventType: { from: [{ path: 'type' }] },
    eventId: { from: [{ header: 'webhook-id' }] },
    accept: ['json'],
  },
  svix: {
    eventType: { from: [{ path: 'type' }] },
    eventId: { from: [{ header: 'svix-id' }] },
    accept: ['json'],
  },
  linear: {
    // `Issue` + `create` → `Issue.create`.
    eventType: { from: [{ path: 'type' }], suffix: 'action' },
    eventId: { from: [{ header: 'linear-delivery' }] },
    accept: ['json'],
  },
  zoom: {
    eventType: { from: [{ path: 'event' }] },
    // Zoom sends no event id: a resend is recognised by its identical body.
    eventId: { from: [] },
    accept: ['json'],
    handshake: 'zoom-url-validation',
  },
  paddle: {
    eventType: { from: [{ path: 'event_type' }] },
    eventId: { from: [{ path: 'event_id' }] },
    accept: ['json'],
  },
  typeform: {
    eventType: { from: [{ path: 'event_type' }] },
    eventId: { from: [{ path: 'event_id' }] },
    accept: ['json'],
  },
  twilio: {
    // Twilio's callbacks name no event type; their status is the closest (`received`, `delivered`, `ringing`).
    eventType: { from: [{ path: 'MessageStatus' }, { path: 'SmsStatus' }, { path: 'CallStatus' }] },
    eventId: { from: [{ header: 'i-twilio-idempotency-token' }] },
    accept: ['form', 'json'],
  },
  hmac: bodyTypeAndId,
  bearer: bodyTypeAndId,
  basic: bodyTypeAndId,
};
