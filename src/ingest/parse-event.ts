import { RequestError } from '../errors.js';
import type { JsonObject } from '../types.js';
import { parseJsonObject } from './parse-body.js';

/** Parses a JSON event whose type is its body's `type` (the dry run's input): a JSON object with a string `type`. */
export function parseEvent(rawBody: Buffer | string): { payload: JsonObject; type: string } {
  const payload = parseJsonObject(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  const type = payload.type;
  if (typeof type !== 'string' || type === '') {
    throw new RequestError(400, 'event_type_missing', 'the event has no "type"');
  }
  return { payload, type };
}
