import { randomUUID } from 'node:crypto';
import { createScheme, isSchemeName, schemeNames, type SchemeName } from '../signing/scheme-registry.js';
import { identityHeaders } from '../sources/identity-headers.js';
import { sourcePresets } from '../sources/source-presets.js';

export interface SignedRequestPlan {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/**
 * Pure but for the random id: the request `hookgate send` makes for an event, signed and labelled as the sender
 * of `scheme` does it (the signature from the scheme's own module, the type and id where that sender puts them),
 * or why it cannot be sent that way.
 */
export function buildSignedRequest(options: {
  /** How to name the event in a problem (its file). */
  readonly eventName: string;
  readonly scheme: string;
  readonly secret: string;
  readonly eventType: string;
  readonly event: Record<string, unknown>;
  readonly url: string;
  readonly nowSec: number;
}): SignedRequestPlan | { readonly problem: string } {
  const name = options.scheme;
  if (!isSchemeName(name)) return { problem: `unknown scheme "${name}" (known: ${schemeNames.join(', ')})` };
  if (name === 'hmac') {
    return { problem: 'scheme hmac needs its settings (header, signed, …): sign with a preset here' };
  }
  const result = createScheme(name, {});
  if (!result.scheme) return { problem: result.problems[0]?.message ?? `cannot sign with ${name}` };
  const secretProblem = result.scheme.secretProblem(options.secret, 'sign');
  if (secretProblem) return { problem: `the ${name} secret ${secretProblem}` };

  const event = labelledEvent(name, options.eventType, options.event);
  if (typeof event === 'string') return { problem: `${options.eventName} ${event}` };
  const form = sourcePresets[name].accept[0] === 'form';
  const body = form ? formBody(event) : JSON.stringify(event);
  const id = randomUUID();
  const headers = {
    'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
    ...identityHeaders(name, { type: options.eventType, id }),
    ...result.scheme
      .signer(options.secret)
      .sign({ body, method: 'POST', url: options.url, id, timestampSec: options.nowSec }),
  };
  return { body, headers };
}

/**
 * The event with its type where the preset reads it from the body (`type`, Paddle's `event_type`, …), and a
 * suffix such as GitHub's `action` from `pull_request.opened`. An event that names another type is refused (the
 * problem is returned).
 */
function labelledEvent(
  scheme: SchemeName,
  eventType: string,
  given: Record<string, unknown>,
): Record<string, unknown> | string {
  const spec = sourcePresets[scheme].eventType;
  const dot = eventType.indexOf('.');
  const suffix = spec.suffix;
  const split = suffix !== undefined && dot > 0;
  const base = split ? eventType.slice(0, dot) : eventType;
  let event = given;
  const first = spec.from[0];
  if (first && 'path' in first && !first.path.includes('.')) {
    const field = first.path;
    if (event[field] === undefined) event = { [field]: base, ...event };
    if (event[field] !== base) return `has ${field} "${String(event[field])}", not "${base}"`;
  }
  if (split && event[suffix] === undefined) {
    event = { ...event, [suffix]: eventType.slice(dot + 1) };
  }
  return event;
}

function formBody(event: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(event)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(name, typeof item === 'string' ? item : JSON.stringify(item));
    }
  }
  return params.toString();
}
