import { createHash } from 'node:crypto';
import { readField } from '../routing/field-path.js';
import type { JsonObject } from '../types.js';

/**
 * What makes two requests "the same event": the sender's event id at `keyPath` when present (a string or
 * number), else the SHA-256 of the raw body, so an identical resend is recognised even without an id.
 */
export function dedupeKey(keyPath: string | undefined, payload: JsonObject, rawBody: Buffer): string {
  if (keyPath !== undefined) {
    const value = readField(payload, keyPath);
    if (typeof value === 'string' || typeof value === 'number') return `id:${String(value)}`;
  }
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}
