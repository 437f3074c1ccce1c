import { DeliveryError } from '../../errors.js';
import type { JsonObject, JsonValue } from '../../types.js';
import type { OutboundMessage, SendContext, SendReceipt, Target, TargetDeps } from '../target.js';
import { redactSecrets } from '../shared/redact-secrets.js';
import { redactUrl } from '../shared/redact-url.js';
import { readBoundedResponse } from '../shared/send-request.js';
import {
  attemptHeaders,
  buildHttpRequest,
  planHttpTarget,
  type HttpRequestPlan,
} from './build-http-request.js';
import { classifyHttpStatus, classifyRequestError } from './classify-http-response.js';
import { readHttpTargetConfig } from './http-target-config.js';
import { firstValue } from '../shared/first-value.js';
import { errorCode } from '../shared/error-code.js';

/** How much of a failed response's body goes into the error (enough for e.g. Slack's `invalid_payload`). */
const bodySnippetLength = 200;
/**
 * The most of an answer read: a 2xx is a success whatever its body, and a failure needs only the snippet. The
 * rest is never read: the connection is closed instead.
 */
const maxAnswerBytes = 4096;
const computedAtSend = '<computed at send>';
/** Event types whose preview head a target keeps (see `previewHeadOf`). */
const maxSharedPreviewHeads = 64;
const previewDeliveryId = '<delivery id>';

/** The part of a preview besides its body. */
interface PreviewHead {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Builds an http target: one request per message through the injected got, never retried here. */
export function createHttpTarget(name: string, definition: JsonObject, deps: TargetDeps): Target {
  const config = readHttpTargetConfig(definition);
  const safe = (text: string): string => redactSecrets(text, config.secrets);
  /** The request's URL as it may be shown: the URL's own query values and credentials masked. */
  const shown = (plan: HttpRequestPlan): string => redactUrl(plan.url, plan.templatedQuery);

  // Everything that never changes is built and merged into got's options once here, not on every request (got
  // merges each option given per request, which showed in profiles): a request adds only its headers and body.
  const target = planHttpTarget(config);
  const client = deps.http.extend({
    method: target.method,
    headers: target.headers,
    timeout: { request: config.timeoutMs },
    retry: { limit: 0 },
    followRedirect: config.followRedirects,
    throwHttpErrors: false,
    // At most a 4 KB snippet of an answer is read: asking for it compressed (got's default) would only add a
    // header to every request and a decompressing stream to every answer.
    decompress: false,
  });
  // The worker previews a message (the attempt's record) and then sends it: the request is planned once.
  const plans = new WeakMap<OutboundMessage, HttpRequestPlan>();
  const planOf = (message: OutboundMessage): HttpRequestPlan => {
    let plan = plans.get(message);
    if (!plan) {
      plan = buildHttpRequest(config, message, target);
      plans.set(message, plan);
    }
    return plan;
  };
  /** A preview's method, URL (credentials and the URL's own query values masked) and headers (masked too). */
  const buildPreviewHead = (plan: HttpRequestPlan, eventType: string): PreviewHead => {
    const perAttempt = attemptHeaders(config, {
      plan,
      deliveryId: previewDeliveryId,
      timestampSec: 0,
      eventType,
    });
    // A static header may hold a credential (`authorization`, `x-api-key`): shown masked, like the URL's.
    const headers: Record<string, string> = {};
    for (const [header, value] of Object.entries(plan.headers)) headers[header] = safe(value);
    for (const [header, value] of Object.entries(perAttempt)) {
      headers[header] = value === previewDeliveryId ? value : computedAtSend;
    }
    return { method: plan.method, url: shown(plan), headers: Object.freeze(headers) };
  };
  // Each attempt records its preview. A message that templates no header or query field has the target's own URL
  // and headers, so its preview's head is the same for every message of its event type: built once per type, not
  // per delivery (that redacted every header, parsed the URL and, with `sign`, signed the body again each time).
  // Bounded, since senders choose the event types; past the bound a head is built per message as before.
  const sharedHeads = new Map<string, PreviewHead>();
  const previewHeadOf = (plan: HttpRequestPlan, eventType: string): PreviewHead => {
    if (plan.headers !== target.headers || plan.url !== target.url) return buildPreviewHead(plan, eventType);
    let head = sharedHeads.get(eventType);
    if (!head) {
      head = buildPreviewHead(plan, eventType);
      if (sharedHeads.size < maxSharedPreviewHeads) sharedHeads.set(eventType, head);
    }
    return head;
  };
  return {
    name,
    type: 'http',

    preview(message: OutboundMessage): JsonValue {
      const plan = planOf(message);
      const { method, url, headers } = previewHeadOf(plan, message.eventType);
      const preview: JsonObject = { method, url, headers, body: plan.body };
      if (plan.problem !== undefined) preview.error = plan.problem;
      return preview;
    },

    async send(message: OutboundMessage, ctx: SendContext): Promise<SendReceipt> {
      const plan = planOf(message);
      if (plan.problem !== undefined) throw new DeliveryError('invalid_message', `${name}: ${plan.problem}`);
      const perAttempt = attemptHeaders(config, {
        plan,
        deliveryId: ctx.deliveryId,
        timestampSec: Math.floor(deps.now() / 1000),
        eventType: message.eventType,
      });
      // The client holds the target's static headers; only a route's templated ones come on top of them.
      const headers = plan.headers === target.headers ? perAttempt : { ...plan.headers, ...perAttempt };
      let response;
      try {
        const stream = client.stream(plan.url, {
          headers,
          body: plan.body,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
        response = await readBoundedResponse(stream, maxAnswerBytes);
      } catch (error) {
        const failure = classifyRequestError(error);
        const text = safe(`${name}: ${plan.method} ${shown(plan)}: ${failure.reason}`);
        throw new DeliveryError(failure.code, text, { cause: loggableCause(error, safe) });
      }
      const { status } = response;
      const outcome = classifyHttpStatus(status, firstValue(response.headers['retry-after']), deps.now());
      if (outcome.ok) return { status, detail: safe(`${status} ${response.statusMessage}`.trim()) };
      const snippet = snippetOf(response.body);
      const text = `${name}: ${plan.method} ${shown(plan)}: ${outcome.reason}${snippet ? `: ${snippet}` : ''}`;
      throw new DeliveryError(outcome.code, safe(text), {
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
  const code = errorCode(error);
  if (code !== undefined) Object.assign(cause, { code });
  return cause;
}

function snippetOf(body: string): string {
  const flat = body
    .slice(0, bodySnippetLength * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > bodySnippetLength ? `${flat.slice(0, bodySnippetLength)}…` : flat;
}
