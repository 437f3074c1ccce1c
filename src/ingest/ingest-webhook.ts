import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { GatewayConfig, SourceConfig } from '../config/gateway-config.js';
import { GatewayError, RequestError } from '../errors.js';
import { newEventId } from '../ids.js';
import type { DeliveryQueue } from '../queue/delivery-queue.js';
import { planDeliveries } from '../routing/plan-deliveries.js';
import { dedupeKey } from './dedupe-key.js';
import { parseEvent } from './parse-event.js';
import { readRawBody } from './read-raw-body.js';
import { requireJsonContentType } from './require-json.js';
import { validatePayload } from './validate-payload.js';

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
 * The ingest pipeline for one source, top to bottom: JSON only → raw body (bounded) → verify → parse → accepted
 * type and schema → route → durable enqueue → 200. Nothing is queued, so nothing is sent, unless every stage held.
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
    requireJsonContentType(ctx.headers);
    const rawBody = await readRawBody(ctx, config.server.bodyLimitBytes);

    const verdict = source.scheme.verify({ rawBody, headers: ctx.headers, now: receivedAt }, source.secrets);
    if (verdict === 'missing') throw new RequestError(401, 'signature_missing', 'the request is not signed');
    if (verdict === 'invalid')
      throw new RequestError(401, 'signature_invalid', 'the signature does not match');

    const text = rawBody.toString('utf8');
    const parsed = parseEvent(text);
    type = parsed.type;
    validatePayload(source, parsed.type, parsed.payload);

    eventId = newEventId(receivedAt);
    const deliveries = planDeliveries(config.routes, source.name, parsed.type, parsed.payload, eventId);
    const result = await deps.queue.enqueue(
      {
        id: eventId,
        source: source.name,
        type: parsed.type,
        dedupeKey: source.dedupeSkip.has(parsed.type)
          ? `unique:${eventId}`
          : dedupeKey(source.dedupeKey, parsed.payload, rawBody),
        receivedAt,
        payload: parsed.payload,
        rawBody: text,
      },
      deliveries,
    );
    eventId = result.eventId;
    outcome = result.outcome;
    status = 200;
    ctx.status = 200;
    ctx.body = {
      id: result.eventId,
      status: result.outcome,
      deliveries: result.outcome === 'accepted' ? deliveries.length : 0,
    };
    if (result.outcome === 'accepted' && deliveries.length > 0) deps.onQueued?.();
  } catch (error) {
    outcome = error instanceof GatewayError ? error.code : 'internal';
    status = error instanceof RequestError ? error.status : 500;
    throw error;
  } finally {
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    deps.logger.info({
      msg: 'event received',
      source: source.name,
      type,
      id: eventId,
      outcome,
      status,
      durationMs,
    });
    deps.onOutcome?.({ source: source.name, type, outcome, status, durationMs });
  }
}
