import { describe, expect, it } from 'vitest';
import { minuteMs } from '../../../src/store/archive-queries.js';
import { eventFilterConditions, mergeActivity } from '../../../src/store/archive-sql.js';

describe('mergeActivity', () => {
  it('joins events and attempt results of the same minute, oldest first, minutes as milliseconds', () => {
    expect(
      mergeActivity(
        [
          { minute: 7, n: 2 },
          { minute: 5, n: 1 },
        ],
        [
          { minute: 7, delivered: 1, retrying: 2, dead: 0 },
          { minute: 9, delivered: 0, retrying: 0, dead: 3 },
        ],
      ),
    ).toEqual([
      { minute: 5 * minuteMs, events: 1, delivered: 0, retrying: 0, dead: 0 },
      { minute: 7 * minuteMs, events: 2, delivered: 1, retrying: 2, dead: 0 },
      { minute: 9 * minuteMs, events: 0, delivered: 0, retrying: 0, dead: 3 },
    ]);
  });

  it('leaves out minutes with nothing', () => {
    expect(mergeActivity([], [])).toEqual([]);
  });
});

describe('eventFilterConditions', () => {
  const positional = (filter: Parameters<typeof eventFilterConditions>[0]) => {
    const values: (string | number)[] = [];
    const conditions = eventFilterConditions(filter, (value) => {
      values.push(value);
      return `$${values.length}`;
    });
    return { conditions, values };
  };

  it('binds every value through the placeholder, never into the SQL text', () => {
    const { conditions, values } = positional({ source: "x' OR 1=1 --", search: 'evt_1', from: 5 });
    expect(values).toEqual(["x' OR 1=1 --", 5, 'evt_1']);
    expect(conditions.join(' AND ')).not.toContain('OR 1=1');
    expect(conditions).toContain('e.received_at >= $2');
    // The search binds once and is used for the event id and the delivery id.
    expect(conditions.at(-1)).toBe('(e.id = $3 OR e.id = (SELECT event_id FROM deliveries WHERE id = $3))');
  });

  it('gives the same SQL for the same filters set, whatever their values', () => {
    expect(positional({ type: 'a', status: 'dead' }).conditions).toEqual(
      positional({ type: 'b', status: 'dead' }).conditions,
    );
    expect(positional({}).conditions).toEqual([]);
  });
});
