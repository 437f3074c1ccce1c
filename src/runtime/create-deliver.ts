import { DeliveryError } from '../errors.js';
import type { DeliverFn } from '../store/delivery-queue.js';
import type { OutboundMessage, SendContext, Target } from '../targets/target.js';
import { renderMessage } from '../templates/render-message.js';
import type { RuntimeSnapshot } from './runtime-snapshot.js';
import { recordSentMessage } from './sent-message-record.js';

export interface DeliverDeps {
  /** The runtime snapshot in force (swapped whole on reload), read once per delivery. */
  readonly snapshot: () => Pick<RuntimeSnapshot, 'config' | 'targets'>;
}

/**
 * Sends one queued delivery with the config in force now: renders the route's templates for the target and
 * hands the message to it. A route or target that a reload removed is a permanent failure (dead-lettered with
 * that reason, not dropped); so is a template that fails to render (it would fail the same way every time).
 */
export function createDeliver(deps: DeliverDeps): DeliverFn {
  return async (job, signal, stepDone, onMessage) => {
    const { config, targets } = deps.snapshot();
    const route = config.routes.find((r) => r.name === job.route);
    if (!route) throw new DeliveryError('not_configured', `route "${job.route}" is no longer in the config`);
    const target = targets.get(job.target);
    if (!target || !route.to.includes(job.target)) {
      throw new DeliveryError(
        'not_configured',
        `target "${job.target}" is no longer in the config for route "${job.route}"`,
      );
    }
    let message;
    try {
      message = renderMessage(route, job.target, job.event);
    } catch (error) {
      throw new DeliveryError(
        'invalid_message',
        `the message template failed to render: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
    if (onMessage) recordMessage(onMessage, target, message);
    // Built once, not copied by a spread to add `stepDone` (this runs for every delivery).
    const ctx: { -readonly [K in keyof SendContext]: SendContext[K] } = {
      deliveryId: job.id,
      attempt: job.attempt,
      round: job.round,
      leaseToken: job.leaseToken,
      signal,
    };
    if (stepDone) ctx.stepDone = stepDone;
    return target.send(message, ctx);
  };
}

/**
 * Hands over what the target is sent: its preview, built by the same code the send uses, which already hides URLs
 * and secrets, with a body that is the event's own stored as a marker (see `recordSentMessage`). Only a record for
 * the console: a preview that fails must not fail the delivery.
 */
function recordMessage(onMessage: (message: string) => void, target: Target, message: OutboundMessage): void {
  try {
    onMessage(recordSentMessage(target.preview(message), message.rawBody));
  } catch {
    onMessage(JSON.stringify({ error: 'the message preview failed' }));
  }
}
