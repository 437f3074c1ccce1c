import type { DeliveryQueue, EnqueueResult } from '../../src/store/delivery-queue.js';
import type { AcceptedEvent, PlannedDelivery } from '../../src/types.js';

/** A queue that records what it is given and recognises a repeated (source, dedupe key) like the store does. */
export class RecordingQueue implements DeliveryQueue {
  readonly enqueued: { event: AcceptedEvent; deliveries: readonly PlannedDelivery[] }[] = [];
  failWith: Error | undefined;
  private readonly seen = new Map<string, string>();

  async enqueue(event: AcceptedEvent, deliveries: readonly PlannedDelivery[]): Promise<EnqueueResult> {
    if (this.failWith) throw this.failWith;
    const key = `${event.source}\u0000${event.dedupeKey}`;
    const earlier = this.seen.get(key);
    if (earlier !== undefined) return { outcome: 'duplicate', eventId: earlier };
    this.seen.set(key, event.id);
    this.enqueued.push({ event, deliveries });
    return { outcome: 'accepted', eventId: event.id };
  }
}
