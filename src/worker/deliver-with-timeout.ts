import type { SendReceipt } from '../targets/target.js';
import type { DeliveryJob } from '../types.js';
import type { Timers } from '../clock.js';
import type { DeliverFn } from '../store/delivery-queue.js';
import { DeliveryError } from '../errors.js';
import { formatDuration } from './format-duration.js';

/**
 * Sends through `deliver`, aborting its signal once `timeoutMs` pass without progress: from the start, and again
 * from each step a multi-step delivery reports (a Slack part posted), so the timeout bounds one step, not a whole
 * delivery of many. Settles as soon as the controller aborts (the timeout, or shutdown), even if `deliver`
 * ignores the signal: a stuck target cannot hold a slot forever.
 */
export function deliverWithTimeout(
  deliver: DeliverFn,
  job: DeliveryJob,
  controller: AbortController,
  timers: Timers,
  timeoutMs: number,
  onMessage?: (message: string) => void,
): Promise<SendReceipt> {
  const { signal } = controller;
  let steps = 0;
  const arm = (): unknown =>
    timers.setTimeout(() => {
      const after = steps === 0 ? '' : ` without progress (after ${steps} step${steps === 1 ? '' : 's'})`;
      controller.abort(
        new DeliveryError('timeout', `the attempt timed out after ${formatDuration(timeoutMs)}${after}`),
      );
    }, timeoutMs);
  let timer = arm();
  const stepDone = (): void => {
    if (signal.aborted) return;
    steps++;
    timers.clearTimeout(timer);
    timer = arm();
  };
  // One promise settled by whichever comes first, the delivery or the abort (a race of two promises plus a
  // `finally` cost three more per attempt).
  return new Promise<SendReceipt>((resolve, reject) => {
    const onAbort = (): void => {
      timers.clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const settle = (): void => {
      timers.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let sending: Promise<SendReceipt>;
    try {
      sending = deliver(job, signal, stepDone, onMessage);
    } catch (error) {
      settle();
      throw error;
    }
    sending.then(
      (receipt) => {
        settle();
        resolve(receipt);
      },
      (error: unknown) => {
        settle();
        // Passed on unchanged, whatever it is, as the race of two promises did (classifyFailure reads it).
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(error);
      },
    );
  });
}
