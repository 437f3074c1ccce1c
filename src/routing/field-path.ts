import type { JsonValue } from '../types.js';

/** Reads a dotted path (`data.user.id`, `items.0.name`) from a payload; own properties only. */
export function readField(payload: JsonValue, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = payload;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}
