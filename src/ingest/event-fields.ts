import type { IncomingHttpHeaders } from 'node:http';
import { RequestError } from '../errors.js';
import { scanJsonText } from '../json/scan-json-text.js';
import { readField } from '../routing/field-path.js';
import { firstHeader } from '../signing/first-header.js';
import type { EventIdSpec, EventTypeSpec, FieldSource } from '../sources/source-presets.js';
import type { JsonObject } from '../types.js';
import { maxJsonDepth, type ParsedBody } from './parse-body.js';

/** Event types longer than this are refused: a type becomes a log field, a route match and a stored column. */
const maxTypeLength = 256;

/** The event type from the source's spec (a header, a body field or a fixed value, plus an optional suffix). */
export function readEventType(
  spec: EventTypeSpec,
  headers: IncomingHttpHeaders,
  payload: JsonObject,
): string | undefined {
  let type: string | undefined;
  for (const source of spec.from) {
    type = textAt(source, headers, payload);
    if (type !== undefined) break;
  }
  if (type === undefined) return undefined;
  const suffix = spec.suffix !== undefined ? readField(payload, spec.suffix) : undefined;
  if (typeof suffix === 'string' && suffix !== '') type = `${type}.${suffix}`;
  if (type.length > maxTypeLength) {
    throw new RequestError(
      400,
      'event_type_not_accepted',
      `the event type is longer than ${maxTypeLength} characters`,
    );
  }
  return type;
}

/** Says where the type was looked for, for the `event_type_missing` message. */
export function describeTypeSpec(spec: EventTypeSpec): string {
  return spec.from
    .map((source) =>
      'header' in source ? `header ${source.header}` : 'path' in source ? `"${source.path}"` : '',
    )
    .join(', ');
}

/**
 * The sender's event id as exact JSON text, type included: `"5"` and `5` differ, and `12345678901234567890` keeps
 * every digit (taken from the raw JSON, not from the parsed number). A header or form value is a string, written
 * as JSON text too. Undefined when there is none, or it is empty or not a string or number.
 */
export function readEventIdText(
  spec: EventIdSpec,
  headers: IncomingHttpHeaders,
  body: ParsedBody,
): string | undefined {
  for (const source of spec.from) {
    if ('path' in source && body.json !== undefined) {
      const text =
        body.idScan?.path === source.path
          ? body.idScan.text
          : scanJsonText(body.json, { maxDepth: maxJsonDepth, path: source.path.split('.') }).valueText;
      if (text !== undefined && (/^"[^]/.test(text) ? text !== '""' : /^-?\d/.test(text))) return text;
      continue;
    }
    const value = textAt(source, headers, body.payload);
    if (value !== undefined) return JSON.stringify(value);
  }
  return undefined;
}

function textAt(source: FieldSource, headers: IncomingHttpHeaders, payload: JsonObject): string | undefined {
  const value =
    'header' in source
      ? firstHeader(headers, source.header)?.trim()
      : 'path' in source
        ? readField(payload, source.path)
        : source.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
