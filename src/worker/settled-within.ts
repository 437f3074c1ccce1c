import type { Timers } from '../clock.js';

/** Resolves once every promise has settled, or after `timeoutMs`, whichever comes first; never rejects. */
export function settledWithin(
  promises: readonly Promise<unknown>[],
  timeoutMs: number,
  timers: Timers,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = timers.setTimeout(resolve, timeoutMs);
    void Promise.allSettled(promises).then(() => {
      timers.clearTimeout(timer);
      resolve();
    });
  });
}
