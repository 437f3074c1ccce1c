import type { IncomingHttpHeaders } from 'node:http';
import { RequestError } from '../errors.js';

/** Webhooks here are JSON; anything else is 415 before a byte of the body is read. */
export function requireJsonContentType(headers: IncomingHttpHeaders): void {
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !/^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type)) {
    throw new RequestError(
      415,
      'unsupported_media_type',
      'the body must be JSON (Content-Type: application/json)',
    );
  }
}
