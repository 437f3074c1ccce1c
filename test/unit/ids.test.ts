import { describe, expect, it, vi } from 'vitest';
import { newEventId } from '../../src/ids.js';

const t0 = Date.UTC(2025, 0, 1);

describe('newEventId', () => {
  it('starts with evt_ and carries the time as 9 base-36 characters', () => {
    const id = newEventId(t0);
    expect(id).toMatch(/^evt_[0-9a-z]{9}[0-9a-f]{18}$/);
    expect(parseInt(id.slice(4, 13), 36)).toBe(t0);
  });

  it('sorts by time as text, also where the time gains a base-36 digit', () => {
    const times = [35, 36, 1295, 1296, t0 - 1, t0, t0 + 1, t0 + 86_400_000];
    // Made latest first, so the counter alone would sort them the wrong way round.
    const idAt = new Map([...times].reverse().map((now) => [now, newEventId(now)]));
    expect([...idAt.values()].sort()).toEqual(times.map((now) => idAt.get(now)));
  });

  it('sorts ids of the same millisecond in the order they were made', () => {
    const ids = Array.from({ length: 300 }, () => newEventId(t0));
    expect([...ids].sort()).toEqual(ids);
  });

  it('never repeats within a process, even in the same millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => newEventId(t0));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('differs between processes that make their nth id in the same millisecond', async () => {
    vi.resetModules();
    const first = (await import('../../src/ids.js')).newEventId;
    vi.resetModules();
    const second = (await import('../../src/ids.js')).newEventId;
    expect(first(t0)).not.toBe(second(t0));
  });
});
