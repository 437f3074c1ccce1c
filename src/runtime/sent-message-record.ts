import type { JsonObject, JsonValue } from '../types.js';
import { isObjectValue } from '../json/is-json-value.js';

/**
 * Stands for the event's raw body in a stored attempt's message. A pass-through request sends the body received
 * unchanged; storing it again with every attempt made each attempt row as large as the event (~15 KB at 13 KB
 * bodies) and its JSON encoding was a large part of the cost of a delivery. A preview's `body` is always a string,
 * so an object in its place cannot be a real body, and old rows (which hold the body itself) read as before.
 */
const eventBodyMarker: JsonObject = { $hookgate: 'event-body' };

/** The text the marker stores as: what `expandSentMessage` looks for before parsing a row. */
const markerText = JSON.stringify(eventBodyMarker);

/**
 * Pure: the text stored as an attempt's message for a target's preview of it. When the request's body is the
 * event's raw body unchanged, the body is stored as the marker instead (the event keeps the body once).
 */
export function recordSentMessage(preview: JsonValue, rawBody: string): string {
  if (isObjectValue(preview) && typeof preview.body === 'string' && preview.body === rawBody) {
    return JSON.stringify({ ...preview, body: eventBodyMarker });
  }
  return JSON.stringify(preview);
}

/**
 * Pure: a stored attempt's message as it was sent, with the event's raw body put back where the marker stands.
 * Text without the marker (other targets, templated bodies, rows written before the marker) is returned as it is.
 */
export function expandSentMessage(stored: string, rawBody: string): string {
  if (!stored.includes(markerText)) return stored;
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(stored) as JsonValue;
  } catch {
    return stored;
  }
  if (!isObjectValue(parsed) || !isObjectValue(parsed.body) || JSON.stringify(parsed.body) !== markerText)
    return stored;
  return JSON.stringify({ ...parsed, body: rawBody });
}
