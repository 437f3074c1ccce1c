import { describe, expect, it } from 'vitest';
import { minuteMs } from '../../../src/store/archive-queries.js';
import { mergeActivity } from '../../../src/store/archive-sql.js';

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
