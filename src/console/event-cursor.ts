import type { EventCursor } from '../store/archive-queries.js';

/** The events page's `after` parameter: the last event of the page before, as `<received ms>.<event id>`. */
export function encodeCursor(cursor: EventCursor): string {
  return Buffer.from(`${cursor.receivedAt}.${cursor.id}`, 'utf8').toString('base64url');
}

/** Undefined for anything that is not a cursor we made (then the first page is shown). */
export function decodeCursor(text: string | undefined): EventCursor | undefined {
  if (!text || !/^[A-Za-z0-9_-]{1,400}$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^(\d{1,16})\.(.+)$/s.exec(decoded);
  if (!match) return undefined;
  return { receivedAt: Number(match[1]), id: match[2] ?? '' };
}
