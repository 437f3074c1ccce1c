import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep } from '../../src/sleep.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Whether the promise has settled, without waiting for it. */
async function state(promise: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  const pending = Symbol('pending');
  return Promise.race([promise, Promise.resolve(pending)]).then(
    (value) => (value === pending ? 'pending' : 'resolved'),
    () => 'rejected',
  );
}

describe('sleep', () => {
  it('resolves once the time has passed, not before', async () => {
    const slept = sleep(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await state(slept)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await state(slept)).toBe('resolved');
  });

  it("rejects with the signal's reason when aborted first, and leaves no timer behind", async () => {
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(slept).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once, without a timer, for a signal that is already aborted', async () => {
    const reason = new Error('already stopped');
    await expect(sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves with an abort signal that is never aborted', async () => {
    const slept = sleep(10, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(10);
    expect(await state(slept)).toBe('resolved');
  });

  it('removes its abort listener once the time is up, so repeated sleeps on one signal do not pile up', async () => {
    // One Slack delivery sleeps in the channel pacer before each of its posts, all on the attempt's signal.
    const { signal } = new AbortController();
    for (let i = 0; i < 12; i++) {
      const slept = sleep(1000, signal);
      await vi.advanceTimersByTimeAsync(1000);
      await slept;
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
