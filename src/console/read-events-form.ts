import type { ArchiveFilter, EventCursor } from '../store/archive-queries.js';
import { eventStatuses, type EventStatus } from '../store/store.js';
import { decodeCursor } from './event-cursor.js';

const fields = ['q', 'source', 'type', 'status', 'target', 'from', 'to', 'after'] as const;

/**
 * The events page's query string as a filter. Unknown or malformed values are ignored rather than refused: a
 * bookmarked URL from an older config still opens. Times are read as UTC (`2026-12-01T10:00`).
 */
export function readEventsForm(query: Readonly<Record<string, string>>): {
  filter: ArchiveFilter;
  cursor: EventCursor | undefined;
  values: Record<string, string>;
  deep: boolean;
} {
  const values: Record<string, string> = {};
  for (const name of fields) values[name] = (query[name] ?? '').trim().slice(0, 200);
  const text = (name: (typeof fields)[number]): string | undefined =>
    values[name] === '' ? undefined : values[name];
  const status = text('status');
  const cursor = decodeCursor(text('after'));
  return {
    filter: {
      search: text('q'),
      source: text('source'),
      type: text('type'),
      status: eventStatuses.includes(status as EventStatus) ? (status as EventStatus) : undefined,
      target: text('target'),
      from: utcTime(text('from')),
      to: utcTime(text('to')),
    },
    cursor,
    values,
    deep: cursor !== undefined,
  };
}

function utcTime(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(text)) return undefined;
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : `${text}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
