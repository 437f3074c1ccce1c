import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { GatewayConfig, SourceConfig } from '../config/gateway-config.js';
import { RequestError } from '../errors.js';
import { reportError } from '../report-error.js';
import { newEventId } from '../ids.js';
import { logEventReceived } from '../log/log-event-received.js';
import type { DeliveryQueue } from '../store/delivery-queue.js';
import { planDeliveries } from '../routing/plan-deliveries.js';
import type { SignedRequest, VerifyOutcome } from '../signing/signature-scheme.js';
import { answerHandshake } from '../sources/answer-handshake.js';
import { bodyFormatOf } from './body-format.js';
import { decodeBody } from './decode-body.js';
import { dedupeKey } from './dedupe-key.js';
import { describeTypeSpec, readEventIdText, readEventType } from './event-fields.js';
import { parseBody } from './parse-body.js';
import { IngestRequest } from './ingest-request.js';
import { readRawBody } from './read-raw-body.js';
import { acceptedSchema, validatePayload } from './validate-payload.js';

export interface IngestDeps {
  readonly config: () => GatewayConfig;
  readonly queue: DeliveryQueue;
  readonly logger: Logger;
  readonly now: () => number;
  /** Called once an event is durably queued (wakes the worker). */
  readonly onQueued?: () => void;
  /** Called once per request with its outcome (for metrics). */
  readonly onOutcome?: (outcome: IngestOutcome) => void;
}

export interface IngestOutcome {
  readonly source: string;
  readonly type: string | undefined;
  /** accepted, duplicate, or the rejection's error code. */
  readonly outcome: string;
  readonly status: number;
  readonly durationMs: number;
}

/**
 * The ingest pipeline for one source, top to bottom: content type and charset → raw body (bounded) → verify →
 * decode and parse (depth-bounded) → event type → handshake or accepted type and schema → route → durable enqueue
 * → 200. Nothing is queued, so nothing is sent, unless every stage held.
 */
export async function ingestWebhook(ctx: Context, source: SourceConfig, deps: IngestDeps): Promise<void> {
  const started = performance.now();
  const receivedAt = deps.now();
  let type: string | undefined;
  let eventId: string | undefined;
  let outcome = 'error';
  let status = 500;
  try {
    const config = deps.config();
    const format = bodyFormatOf(ctx.headers, source.accept);
    const rawBody = await readRawBody(ctx, config.server.bodyLimitBytes);
    const request = new IngestRequest(ctx, source.publicUrl, rawBody, receivedAt);
    // Every scheme but a future asynchronous one answers at once: no extra turn of the event loop for them.
    const verdict = source.verifier.verify(request);
    refuseUnverified(verdict instanceof Promise ? await verdict : verdict);

    const text = decodeBody(rawBody);
    const firstId = source.eventId.from[0];
    const idPath = firstId && 'path' in firstId ? firstId.path : undefined;
    const body = parseBody(text, format, source.formPayload, idPath);
    type = readEventType(source.eventType, ctx.headers, body.payload);
    const handshake =
      source.handshake === undefined
        ? undefined
        : await answerHandshake(source.handshake, type, body.payload, {
            accepts: (t) => acceptedSchema(source, t) !== undefined,
            verifiedSecret: () => verifiedSecret(source, request),
          });
    if (handshake) {
      outcome = 'handshake';
      status = 200;
      ctx.status = 200;
      ctx.body = handshake;
      return;
    }
    if (type === undefined) {
      throw new RequestError(
        400,
        'event_type_missing',
        `the event has no type (looked for ${describeTypeSpec(source.eventType)})`,
      );
    }
    validatePayload(source, type, body.payload);

    eventId = newEventId(receivedAt);
    const deliveries = planDeliveries(config.routes, source.name, type, body.payload, eventId);
    const result = await deps.queue.enqueue(
      {
        id: eventId,
        source: source.name,
        type,
        dedupeKey: source.dedupeSkip.has(type)
          ? `unique:${eventId}`
          : dedupeKey(readEventIdText(source.eventId, ctx.headers, body), rawBody),
        receivedAt,
        payload: body.payload,
        rawBody: text,
        // `text` is these bytes decoded (valid UTF-8), so a store can write them without encoding `text` again.
        rawBytes: rawBody,
      },
      deliveries,
    );
    eventId = result.eventId;
    outcome = result.outcome;
    status = 200;
    answerJson(ctx, {
      id: result.eventId,
      status: result.outcome,
      deliveries: result.outcome === 'accepted' ? deliveries.length : 0,
    });
    if (result.outcome === 'accepted' && deliveries.length > 0) deps.onQueued?.();
  } catch (error) {
    const report = reportError(error);
    outcome = report.code;
    status = report.http.status;
    throw error;
  } finally {
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    logEventReceived(deps.logger, { source: source.name, type, id: eventId, outcome, status, durationMs });
    deps.onOutcome?.({ source: source.name, type, outcome, status, durationMs });
  }
}

/**
 * A 200 with a JSON body, serialised here with its Content-Type set as a header: what Koa and the error
 * middleware would make of an object body (`application/json; charset=utf-8`), without two MIME lookups and a
 * second pass through Koa's body setter on every accepted event.
 */
function answerJson(ctx: Context, answer: { id: string; status: string; deliveries: number }): void {
  ctx.status = 200;
  ctx.set('Content-Type', 'application/json; charset=utf-8');
  ctx.body = JSON.stringify(answer);
}

/** 401 for anything but a valid signature; the message never says what was expected. */
function refuseUnverified(verdict: VerifyOutcome): void {
  switch (verdict) {
    case 'valid':
      return;
    case 'missing':
      throw new RequestError(401, 'signature_missing', 'the request is not signed');
    case 'expired':
      throw new RequestError(401, 'signature_expired', 'the signature is valid but its timestamp is too old');
    case 'invalid':
      throw new RequestError(401, 'signature_invalid', 'the signature does not match');
  }
}

/** Which of the source's secrets the request verified with (rare: handshakes only). */
async function verifiedSecret(source: SourceConfig, request: SignedRequest): Promise<string | undefined> {
  for (const secret of source.secrets) {
    if ((await source.scheme.verifier([secret]).verify(request)) === 'valid') return secret;
  }
  return undefined;
}
