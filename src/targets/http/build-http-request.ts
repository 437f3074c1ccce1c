import { identityHeaders } from '../../sources/identity-headers.js';
import type { OutboundMessage } from '../target.js';
import { encodeHeaderValue } from './encode-header-value.js';
import type { HttpMethod, HttpTargetConfig } from './http-target-config.js';

/** The request an http target makes for one message, before the per-attempt headers are added. */
export interface HttpRequestPlan {
  readonly method: HttpMethod;
  readonly url: string;
  /** As sent: values encoded and bounded by `encodeHeaderValue`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Query parameters the route templated from the event: shown in previews, unlike the URL's own values. */
  readonly templatedQuery: ReadonlySet<string>;
  /** Why sending it would fail every time, if it would (reported permanent by `send`, shown by `preview`). */
  readonly problem: string | undefined;
}

const userAgent = 'hookgate';
const noTemplatedQuery: ReadonlySet<string> = new Set();

/** What every request of a target shares, whatever the message: built once per target, not per delivery. */
export interface HttpTargetPlan {
  readonly method: HttpMethod;
  readonly url: string;
  /** The static headers, encoded as sent. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Pure: the part of each request that depends on the target's config alone. */
export function planHttpTarget(config: HttpTargetConfig): HttpTargetPlan {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    'content-type': config.contentType,
    ...config.headers,
  };
  for (const [name, value] of Object.entries(headers)) headers[name] = encodeHeaderValue(value);
  return { method: config.method, url: new URL(config.url).toString(), headers };
}

/**
 * Pure: the request for a message; `send` and `preview` both start here, so they cannot drift apart. A message
 * with no `header.`/`query.` fields shares the target's URL and headers as they are (`target` given, built once).
 */
export function buildHttpRequest(
  config: HttpTargetConfig,
  message: OutboundMessage,
  target: HttpTargetPlan = planHttpTarget(config),
): HttpRequestPlan {
  const template = config.bodyMode === 'passthrough' ? undefined : message.fields.body;
  const body = template ?? message.rawBody;
  let problem: string | undefined;
  if (config.bodyMode === 'template' && template === undefined) {
    problem = 'the target sends a templated body but the route gives no "body" message field';
  } else if (template !== undefined && isJsonType(config.contentType) && !isJson(template)) {
    // The parser's own message would quote the body, which may hold secrets the template inserted.
    problem = 'body template did not produce valid JSON (are all inserted values inside quotes?)';
  }
  let headers = target.headers;
  let url: URL | undefined;
  let templatedQuery = noTemplatedQuery;
  for (const [field, value] of Object.entries(message.fields)) {
    if (field.startsWith('header.')) {
      if (headers === target.headers) headers = { ...target.headers };
      (headers as Record<string, string>)[field.slice('header.'.length).toLowerCase()] =
        encodeHeaderValue(value);
    } else if (field.startsWith('query.')) {
      // searchParams encodes the value: payload text cannot end the parameter or add another one.
      const name = field.slice('query.'.length);
      url ??= new URL(target.url);
      url.searchParams.set(name, value);
      if (templatedQuery === noTemplatedQuery) templatedQuery = new Set();
      (templatedQuery as Set<string>).add(name);
    }
  }
  return {
    method: target.method,
    url: url ? url.toString() : target.url,
    headers,
    body,
    templatedQuery,
    problem,
  };
}

/** What the per-attempt headers depend on besides the target's config. */
export interface AttemptContext {
  readonly plan: HttpRequestPlan;
  /** Stable across retries. */
  readonly deliveryId: string;
  /** Integer Unix seconds of this attempt. */
  readonly timestampSec: number;
  readonly eventType: string;
}

/**
 * Headers that depend on the attempt: the delivery id as `idempotency-key` (stable across retries) and, with
 * `sign`, the scheme's signature over the body exactly as sent plus the type and id headers its sender sets
 * (X-GitHub-Event, …). They override any static header of the same name.
 */
export function attemptHeaders(config: HttpTargetConfig, attempt: AttemptContext): Record<string, string> {
  const headers: Record<string, string> = { 'idempotency-key': attempt.deliveryId };
  if (!config.signer) return headers;
  const { plan } = attempt;
  return {
    ...headers,
    ...identityHeaders(config.signer.scheme, { type: attempt.eventType, id: attempt.deliveryId }),
    ...config.signer.signer.sign({
      body: plan.body,
      method: plan.method,
      url: plan.url,
      id: attempt.deliveryId,
      timestampSec: attempt.timestampSec,
    }),
  };
}

function isJsonType(contentType: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType.trim());
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
