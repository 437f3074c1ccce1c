import { RequestError } from '../errors.js';
import type { JsonObject } from '../types.js';

/** Parses a verified body (the raw bytes, or them decoded once by the caller): a JSON object with a string `type`. */
export function parseEvent(rawBody: Buffer | string): { payload: JsonObject; type: string } {
  let payload: unknown;
  try {
    payload = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    throw new RequestError(400, 'invalid_json', 'the body is not valid JSON');
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new RequestError(400, 'invalid_json', 'the body must be a JSON object');
  }
  const type = (payload as Record<string, unknown>).type;
  if (typeof type !== 'string' || type === '') {
    throw new RequestError(400, 'event_type_missing', 'the event has no "type"');
  }
  return { payload: payload as JsonObject, type };
}
