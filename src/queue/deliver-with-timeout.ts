import type { SendReceipt } from '../targets/target.js';
import type { DeliveryJob } from '../types.js';
import type { Timers } from './clock.js';
import type { DeliverFn } from './delivery-queue.js';
import { formatDuration } from './format-duration.js';

export class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

/**
 * Sends through `deliver`, aborting its signal after `timeoutMs`. Settles as soon as the controller aborts (the
 * timeout, or shutdown), even if `deliver` ignores the signal: a stuck target cannot hold a slot forever.
 */
export function deliverWithTimeout(
  deliver: DeliverFn,
  job: DeliveryJob,
  controller: AbortController,
  timers: Timers,
  timeoutMs: number,
): Promise<SendReceipt> {
  const { signal } = controller;
  const timer = timers.setTimeout(
    () => controller.abort(new AttemptTimeout(`the attempt timed out after ${formatDuration(timeoutMs)}`)),
    timeoutMs,
  );
  const aborted = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
  return Promise.race([deliver(job, signal), aborted]).finally(() => timers.clearTimeout(timer));
}
