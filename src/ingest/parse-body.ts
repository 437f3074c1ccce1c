import { RequestError } from '../errors.js';
import { scanJsonText } from '../json/scan-json-text.js';
import type { BodyFormat } from '../sources/source-presets.js';
import type { JsonObject, JsonValue } from '../types.js';

/**
 * The deepest nesting an accepted event may have. Real senders nest a dozen levels or fewer (GitHub, Stripe,
 * Slack blocks); 128 is serde_json's default and leaves every stage that recurses over an event (JSON.stringify,
 * ajv, Liquid, the admin views, SQLite's JSON functions) far from its stack limit.
 */
export const maxJsonDepth = 128;

export interface ParsedBody {
  readonly payload: JsonObject;
  /** The JSON text the payload was parsed from (the body, or a form's `payload` field): ids are read from it. */
  readonly json: string | undefined;
  /** The text at `idPath`, read in the same pass as the depth check (saves a second scan per request). */
  readonly idScan?: { readonly path: string; readonly text: string | undefined } | undefined;
}

/**
 * Parses a verified, decoded body: a JSON object, or form fields (one value a string, repeated ones a list).
 * `idPath`, when the event id is a body field, is read in the depth-checking pass.
 */
export function parseBody(
  text: string,
  format: BodyFormat,
  formPayload?: string,
  idPath?: string,
): ParsedBody {
  if (format === 'json') {
    const scan = scanJsonText(text, { maxDepth: maxJsonDepth, path: idPath?.split('.') });
    const payload = parseJsonObject(text, scan.tooDeep);
    return {
      payload,
      json: text,
      ...(idPath !== undefined ? { idScan: { path: idPath, text: scan.valueText } } : {}),
    };
  }
  const params = new URLSearchParams(text);
  const fields: [string, JsonValue][] = [...new Set(params.keys())].map((name) => {
    const values = params.getAll(name);
    return [name, values.length === 1 ? (values[0] ?? '') : values];
  });
  // fromEntries defines own properties, so a field named __proto__ stays a field.
  const payload: JsonObject = Object.fromEntries(fields);
  const embedded = formPayload !== undefined ? payload[formPayload] : undefined;
  if (typeof embedded === 'string') return { payload: parseJsonObject(embedded), json: embedded };
  return { payload, json: undefined };
}

/** `tooDeep` when the caller has already scanned the text; scanned here otherwise. */
export function parseJsonObject(
  text: string,
  tooDeep = scanJsonText(text, { maxDepth: maxJsonDepth }).tooDeep,
): JsonObject {
  if (tooDeep) {
    throw new RequestError(400, 'json_too_deep', `the body nests deeper than ${maxJsonDepth} levels`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new RequestError(400, 'invalid_json', 'the body is not valid JSON');
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new RequestError(400, 'invalid_json', 'the body must be a JSON object');
  }
  return payload as JsonObject;
}
