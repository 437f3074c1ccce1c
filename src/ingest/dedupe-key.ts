import { createHash } from 'node:crypto';

/** Ids longer than this are keyed by their hash, so a sender cannot make the dedupe index hold megabytes. */
const maxIdKeyLength = 200;

/**
 * What makes two requests "the same event": the sender's event id as exact JSON text (see `readEventIdText`),
 * else the SHA-256 of the raw body, so an identical resend is recognised even without an id.
 */
export function dedupeKey(idText: string | undefined, rawBody: Buffer): string {
  if (idText === undefined) return `sha256:${sha256(rawBody)}`;
  return idText.length <= maxIdKeyLength ? `id:${idText}` : `id-sha256:${sha256(idText)}`;
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
