import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../src/console/event-cursor.js';

describe('event cursor', () => {
  it('round-trips the last event of a page, ids with dots included', () => {
    for (const cursor of [
      { receivedAt: 1_764_556_800_000, id: 'evt_0mx43r35v4d5e3125e556000002' },
      { receivedAt: 0, id: 'a.b.c' },
    ])
      expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('reads anything else as no cursor (the first page)', () => {
    for (const bad of [undefined, '', '!!!', Buffer.from('nodot').toString('base64url'), 'a'.repeat(500)])
      expect(decodeCursor(bad)).toBeUndefined();
  });
});
