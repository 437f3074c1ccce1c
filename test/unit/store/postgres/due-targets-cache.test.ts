import { describe, expect, it } from 'vitest';
import { DueTargetsCache } from '../../../../src/store/postgres/due-targets-cache.js';
import type { DueTarget } from '../../../../src/store/store.js';

function setUp(ttlMs = 50) {
  let now = 1_000;
  const cache = new DueTargetsCache(ttlMs, () => now);
  let reads = 0;
  let answer: DueTarget[] = [{ target: 'crm', dueAt: 500 }];
  const ask = () =>
    cache.fresh() ??
    cache.refresh(() => {
      reads++;
      return Promise.resolve(answer);
    });
  return {
    cache,
    ask,
    reads: () => reads,
    answer: (next: DueTarget[]) => (answer = next),
    advance: (ms: number) => (now += ms),
  };
}

describe('DueTargetsCache', () => {
  it('keeps an answer for its time to live, then reads again', async () => {
    const t = setUp();
    expect(await t.ask()).toEqual([{ target: 'crm', dueAt: 500 }]);
    t.advance(49);
    await t.ask();
    expect(t.reads()).toBe(1);
    t.advance(1);
    await t.ask();
    expect(t.reads()).toBe(2);
  });

  it('keeps it through an enqueue due no earlier than its target, as the earliest due time stays', async () => {
    const t = setUp();
    await t.ask();
    t.cache.enqueued('crm', 900);
    expect(await t.ask()).toEqual([{ target: 'crm', dueAt: 500 }]);
    expect(t.reads()).toBe(1);
  });

  it('drops it for an enqueue due earlier, or of a target it does not list (its pause is unknown)', async () => {
    const t = setUp();
    await t.ask();
    t.cache.enqueued('crm', 400);
    await t.ask();
    expect(t.reads()).toBe(2);
    t.cache.enqueued('mail', 900);
    await t.ask();
    expect(t.reads()).toBe(3);
  });

  it('drops it on any other write or a wake-up from another replica', async () => {
    const t = setUp();
    await t.ask();
    t.cache.drop();
    t.answer([]);
    expect(await t.ask()).toEqual([]);
    expect(t.reads()).toBe(2);
  });

  it('keeps an answer read during its own enqueue only if that enqueue cannot change it', async () => {
    const t = setUp();
    const readDuring = async (write: () => void) => {
      let finish!: (answer: DueTarget[]) => void;
      const reading = t.cache.refresh(() => new Promise<DueTarget[]>((resolve) => (finish = resolve)));
      write();
      finish([{ target: 'crm', dueAt: 500 }]);
      await reading;
      return t.cache.fresh();
    };
    expect(await readDuring(() => t.cache.enqueued('crm', 900))).toEqual([{ target: 'crm', dueAt: 500 }]);
    t.cache.drop();
    // Its snapshot may predate these: an earlier delivery, or one of a target it does not list.
    expect(await readDuring(() => t.cache.enqueued('crm', 400))).toBeUndefined();
    expect(await readDuring(() => t.cache.enqueued('mail', 900))).toBeUndefined();
    expect(await readDuring(() => t.cache.drop())).toBeUndefined();
  });

  it('with a time to live of 0, reads every time', async () => {
    const t = setUp(0);
    await t.ask();
    await t.ask();
    expect(t.reads()).toBe(2);
  });
});
