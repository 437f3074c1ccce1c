import { describe, expect, it } from 'vitest';
import { createIngestActivity } from '../../../src/console/ingest-activity.js';

describe('ingest activity', () => {
  it('counts outcomes per minute and forgets minutes older than an hour', () => {
    let t = Date.UTC(2026, 0, 1, 10, 0, 30);
    const activity = createIngestActivity(() => t);
    activity.record('duplicate');
    activity.record('signature_invalid');
    activity.record('duplicate');
    t += 60_000;
    activity.record('accepted');
    const start = Date.UTC(2026, 0, 1, 10, 0);
    expect(activity.since(start)).toEqual([
      { minute: start, counts: { duplicate: 2, signature_invalid: 1 } },
      { minute: start + 60_000, counts: { accepted: 1 } },
    ]);
    t += 60 * 60_000;
    activity.record('accepted');
    expect(activity.since(0).map((m) => m.minute)).toEqual([start + 61 * 60_000]);
  });
});
