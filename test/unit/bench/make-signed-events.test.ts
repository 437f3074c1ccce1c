import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeSignedEvents } from '../../../bench/make-signed-events.js';

describe('makeSignedEvents', () => {
  const pool = makeSignedEvents({ secret: 'bench-secret', tag: 'test-r1', count: 3, bodyBytes: 13_000 });
  const events = [pool.take(), pool.take(), pool.take(), pool.take()];

  it('bodies are ~13 KB transcript.completed JSON whose id is the event id', () => {
    for (const event of events) {
      expect(event.body.length).toBeGreaterThan(12_900);
      expect(event.body.length).toBeLessThan(13_200);
      const parsed = JSON.parse(event.body.toString('utf8')) as {
        type: string;
        id: string;
        data: { text: string };
      };
      expect(parsed.type).toBe('transcript.completed');
      expect(parsed.id).toBe(event.id);
      expect(parsed.data.text.length).toBeGreaterThan(12_000);
    }
  });

  it('every body carries the Connect It token of its exact bytes', () => {
    for (const event of events) {
      expect(event.signature).toBe(createHmac('sha256', 'bench-secret').update(event.body).digest('hex'));
    }
  });

  it('ids are distinct and carry the tag', () => {
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events[0]!.id).toContain('test-r1');
  });

  it('signs on demand past the pre-signed count and says so', () => {
    expect(pool.presigned).toBe(3);
    expect(pool.taken).toBe(4);
    expect(pool.signedLate).toBe(1);
  });
});
