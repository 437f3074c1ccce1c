import type { DeliveryStatus, EventStatus } from './store.js';

/** Dead wins (it needs a person), then work still to do, then delivered; no deliveries at all is unrouted. */
export function eventStatus(counts: Readonly<Record<DeliveryStatus, number>>): EventStatus {
  if (counts.dead > 0) return 'dead';
  if (counts.pending > 0 || counts.in_flight > 0) return 'pending';
  if (counts.delivered > 0) return 'delivered';
  return 'unrouted';
}

export function emptyStatusCounts(): Record<DeliveryStatus, number> {
  return { pending: 0, in_flight: 0, delivered: 0, dead: 0 };
}
