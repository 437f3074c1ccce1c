import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../src/console/event-cursor.js';
import { readEventsForm } from '../../../src/console/read-events-form.js';

describe('readEventsForm', () => {
  it('reads filters, UTC times and the cursor', () => {
    const after = encodeCursor({ receivedAt: 5, id: 'evt_1' });
    const form = readEventsForm({
      q: ' evt_9 ',
      status: 'dead',
      from: '2026-12-01T10:00',
      to: '2026-12-02',
      after,
    });
    expect(form.filter).toEqual({
      search: 'evt_9',
      source: undefined,
      type: undefined,
      status: 'dead',
      target: undefined,
      from: Date.UTC(2026, 11, 1, 10),
      to: Date.UTC(2026, 11, 2),
    });
    expect(form.cursor).toEqual({ receivedAt: 5, id: 'evt_1' });
    expect(form.deep).toBe(true);
  });

  it('ignores an unknown status and malformed times instead of refusing the page', () => {
    const form = readEventsForm({ status: 'lost', from: 'yesterday' });
    expect(form.filter.status).toBeUndefined();
    expect(form.filter.from).toBeUndefined();
    expect(form.deep).toBe(false);
  });
});
