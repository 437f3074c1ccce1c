import { describe, expect, it } from 'vitest';
import { settledWithin } from '../../../src/worker/settled-within.js';
import { FakeTime, settle } from './fake-time.js';

describe('settledWithin', () => {
  it('resolves when every promise settled, a rejected one included, and clears its timer', async () => {
    const time = new FakeTime(0);
    let done = false;
    void settledWithin([Promise.resolve(1), Promise.reject(new Error('no'))], 1_000, time).then(
      () => (done = true),
    );
    await settle();
    expect(done).toBe(true);
    expect(time.timerCount()).toBe(0);
  });

  it('resolves after the timeout when a promise never settles', async () => {
    const time = new FakeTime(0);
    let done = false;
    void settledWithin([new Promise(() => {})], 1_000, time).then(() => (done = true));
    await time.advance(999);
    expect(done).toBe(false);
    await time.advance(1);
    expect(done).toBe(true);
  });
});
