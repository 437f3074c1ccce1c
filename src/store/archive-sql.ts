import { minuteMs, type ActivityMinute, type ArchiveFilter } from './archive-queries.js';
import type { EventStatus } from './store.js';

/**
 * What the SQL stores' archive queries share: SQL both SQLite and PostgreSQL read the same way, and the merge of
 * their per-minute counts.
 */

/** Event status as SQL on one event row `e`: the same precedence as `eventStatus` (dead, pending, delivered). */
const eventStatusCondition: Readonly<Record<EventStatus, string>> = {
  dead: `EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status = 'dead')`,
  pending: `EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status IN ('pending', 'in_flight'))
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status = 'dead')`,
  delivered: `EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status != 'delivered')`,
  unrouted: `NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)`,
};

/**
 * The filter as SQL conditions on one event row `e`. `bind` takes a value and answers its placeholder in the
 * store's dialect; the SQL text depends only on which filters are set, so a store may prepare each shape once.
 */
export function eventFilterConditions(
  filter: ArchiveFilter,
  bind: (value: string | number) => string,
): string[] {
  const conditions: string[] = [];
  if (filter.source !== undefined) conditions.push(`e.source = ${bind(filter.source)}`);
  if (filter.type !== undefined) conditions.push(`e.type = ${bind(filter.type)}`);
  if (filter.status !== undefined) conditions.push(eventStatusCondition[filter.status]);
  if (filter.target !== undefined) {
    const target = bind(filter.target);
    conditions.push(`EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.target = ${target})`);
  }
  if (filter.from !== undefined) conditions.push(`e.received_at >= ${bind(filter.from)}`);
  if (filter.to !== undefined) conditions.push(`e.received_at < ${bind(filter.to)}`);
  if (filter.search !== undefined) {
    const search = bind(filter.search);
    conditions.push(`(e.id = ${search} OR e.id = (SELECT event_id FROM deliveries WHERE id = ${search}))`);
  }
  return conditions;
}

export interface EventsInMinute {
  /** The minute number (ms / minuteMs). */
  readonly minute: number;
  readonly n: number;
}

export interface AttemptsInMinute {
  readonly minute: number;
  readonly delivered: number;
  readonly retrying: number;
  readonly dead: number;
}

/** Events and attempt results counted per minute number → one row per minute with anything, oldest first. */
export function mergeActivity(
  events: readonly EventsInMinute[],
  attempts: readonly AttemptsInMinute[],
): ActivityMinute[] {
  const minutes = new Map<number, ActivityMinute>();
  const at = (minute: number): ActivityMinute =>
    minutes.get(minute) ?? { minute: minute * minuteMs, events: 0, delivered: 0, retrying: 0, dead: 0 };
  for (const row of events) minutes.set(row.minute, { ...at(row.minute), events: row.n });
  for (const { minute, delivered, retrying, dead } of attempts) {
    minutes.set(minute, { ...at(minute), delivered, retrying, dead });
  }
  return [...minutes.values()].sort((a, b) => a.minute - b.minute);
}
