import type { ValidateFunction } from 'ajv';
import { RequestError } from '../errors.js';
import type { SourceConfig } from '../config/gateway-config.js';
import type { JsonObject } from '../types.js';

/** The event type must be one the source accepts, and the payload must match that type's schema (if any). */
export function validatePayload(
  source: Pick<SourceConfig, 'events' | 'eventPatterns'>,
  type: string,
  payload: JsonObject,
): void {
  const validate = acceptedSchema(source, type);
  if (validate === undefined) {
    throw new RequestError(400, 'event_type_not_accepted', `event type "${type}" is not accepted here`);
  }
  if (validate && !validate(payload)) {
    const details = (validate.errors ?? []).map((error) => ({
      path: error.instancePath === '' ? '/' : error.instancePath,
      message: error.message ?? 'is invalid',
    }));
    const first = details[0];
    throw new RequestError(
      422,
      'schema_violation',
      `the ${type} payload does not match its schema${first ? `: ${first.path} ${first.message}` : ''}`,
      { details },
    );
  }
}

/** The schema of an accepted type: an exact key first, else the first glob (`invoice.*`) that matches; undefined
 * when the source does not accept the type. */
export function acceptedSchema(
  source: Pick<SourceConfig, 'events' | 'eventPatterns'>,
  type: string,
): ValidateFunction | null | undefined {
  const exact = source.events.get(type);
  if (exact !== undefined) return exact;
  return source.eventPatterns.find((pattern) => pattern.matches(type))?.validate;
}
