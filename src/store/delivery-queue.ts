import type { AcceptedEvent, DeliveryJob, PlannedDelivery } from '../types.js';
import type { SendReceipt } from '../targets/target.js';

/**
 * The hand-off between ingest and delivery. Ingest answers 2xx only after `enqueue` resolved: from then on the
 * event is the gateway's to deliver. Implementations: the SQLite store (default), PostgreSQL (fleet mode) and memory.
 */
export type EnqueueResult =
  | { readonly outcome: 'accepted'; readonly eventId: string }
  /** The same event (same source and dedupe key) was accepted within the de-duplication window. */
  | { readonly outcome: 'duplicate'; readonly eventId: string };

export interface DeliveryQueue {
  /** Commits the event and all its deliveries in one step; resolves once they are durable. */
  enqueue(event: AcceptedEvent, deliveries: readonly PlannedDelivery[]): Promise<EnqueueResult>;
}

/**
 * Sends one delivery through its target. Resolves on success; throws `DeliveryError` (retryable or permanent)
 * on failure. Any other thrown error counts as retryable. A delivery made of several steps calls `stepDone`
 * after each: the attempt timeout then counts from the last step, not from the start. `onMessage` receives what
 * the target is sent (its redacted preview as JSON text) before the send, for the attempt's record.
 */
export type DeliverFn = (
  job: DeliveryJob,
  signal: AbortSignal,
  stepDone?: () => void,
  onMessage?: (message: string) => void,
) => Promise<SendReceipt>;
