import { DeliveryError } from '../../errors.js';
import type { JsonObject, JsonValue } from '../../types.js';
import type { OutboundMessage, SendContext, SendReceipt, Target, TargetDeps } from '../target.js';
import { attemptHeaders, buildHttpRequest } from './build-http-request.js';
import { classifyHttpStatus, classifyRequestError } from './classify-http-response.js';
import { readHttpTargetConfig } from './http-target-config.js';
import { redactSecrets, redactUrl } from './redact.js';

/** How much of a failed response's body goes into the error (enough for e.g. Slack's `invalid_payload`). */
const bodySnippetLength = 200;
const computedAtSend = '<computed at send>';
const previewDeliveryId = '<delivery id>';

/** Builds an http target: one request per message through the injected got, never retried here. */
export function createHttpTarget(name: string, definition: JsonObject, deps: TargetDeps): Target {
  const config = readHttpTargetConfig(definition);
  const shownUrl = redactUrl(config.url);
  const safe = (text: string): string => redactSecrets(text, config.secrets);

  // The options that never change are merged once here, not on every request (got's merging showed in profiles).
  const client = deps.http.extend({
    timeout: { request: config.timeoutMs },
    retry: { limit: 0 },
    followRedirect: config.followRedirects,
    throwHttpErrors: false,
  });
  return {
    name,
    type: 'http',

    preview(message: OutboundMessage): JsonValue {
      const plan = buildHttpRequest(config, message);
      const perAttempt = attemptHeaders(config, {
        plan,
        deliveryId: previewDeliveryId,
        timestampSec: 0,
        eventType: message.eventType,
      });
      const headers: Record<string, string> = { ...plan.headers };
      for (const [header, value] of Object.entries(perAttempt)) {
        headers[header] = value === previewDeliveryId ? value : computedAtSend;
      }
      const preview: JsonObject = { method: plan.method, url: shownUrl, headers, body: plan.body };
      if (plan.problem !== undefined) preview.error = plan.problem;
      return preview;
    },

    async send(message: OutboundMessage, ctx: SendContext): Promise<SendReceipt> {
      const plan = buildHttpRequest(config, message);
      if (plan.problem !== undefined) throw new DeliveryError('permanent', `${name}: ${plan.problem}`);
      const timestampSec = Math.floor(deps.now() / 1000);
      const headers = {
        ...plan.headers,
        ...attemptHeaders(config, {
          plan,
          deliveryId: ctx.deliveryId,
          timestampSec,
          eventType: message.eventType,
        }),
      };
      let response;
      try {
        response = await client(plan.url, {
          method: plan.method,
          headers,
          body: plan.body,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
      } catch (error) {
        const failure = classifyRequestError(error);
        const text = safe(`${name}: ${plan.method} ${shownUrl}: ${failure.reason}`);
        throw new DeliveryError(failure.kind, text, { cause: loggableCause(error, safe) });
      }
      const status = response.statusCode;
      const outcome = classifyHttpStatus(status, firstValue(response.headers['retry-after']), deps.now());
      if (outcome.ok) return { status, detail: `${status} ${response.statusMessage ?? ''}`.trim() };
      const snippet = snippetOf(response.body);
      const text = `${name}: ${plan.method} ${shownUrl}: ${outcome.reason}${snippet ? `: ${snippet}` : ''}`;
      throw new DeliveryError(outcome.kind, safe(text), {
        status,
        ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
      });
    },

    async close(): Promise<void> {
      // got's agents are shared by the whole gateway; nothing is held per target.
    },
  };
}

/** got's errors carry the request options (headers, credentials in the URL): keep only what is safe to log. */
function loggableCause(error: unknown, safe: (text: string) => string): Error {
  const cause = new Error(safe(error instanceof Error ? error.message : String(error)));
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (code !== undefined) Object.assign(cause, { code });
  return cause;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function snippetOf(body: unknown): string {
  if (typeof body !== 'string') return '';
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > bodySnippetLength ? `${flat.slice(0, bodySnippetLength)}…` : flat;
}
