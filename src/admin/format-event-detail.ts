import { formatDuration } from '../worker/format-duration.js';
import type { DeliveryRecord, EventDetail } from '../store/store.js';
import { eventStatus } from '../store/event-status.js';
import { emptyStatusCounts } from '../store/event-status.js';
import { formatTable, shortTime } from './format-table.js';

/** `events show`: the event, then each delivery with each of its attempts (time, duration, status, error). */
export function formatEventDetail({ event, deliveries }: EventDetail): string {
  const counts = emptyStatusCounts();
  for (const { delivery } of deliveries) counts[delivery.status]++;
  const lines = [
    `Event ${event.id}`,
    `  source    ${event.source}`,
    `  type      ${event.type}`,
    `  received  ${shortTime(event.receivedAt)}`,
    `  dedupe    ${event.dedupeKey}`,
    `  status    ${eventStatus(counts)}`,
  ];
  if (deliveries.length === 0) lines.push('', 'No route matched this event: nothing to deliver.');
  for (const { delivery, attempts } of deliveries) {
    lines.push('', `Delivery ${delivery.id} → ${delivery.target} (route ${delivery.route})`);
    lines.push(`  status    ${describeState(delivery)}`);
    if (delivery.deadReason !== null) lines.push(`  reason    ${delivery.deadReason}`);
    if (delivery.lastError !== null) lines.push(`  error     ${delivery.lastError}`);
    if (attempts.length === 0) {
      lines.push('  no attempts yet');
      continue;
    }
    const rows = attempts.map((a) => [
      delivery.round > 1 ? `${a.round}.${a.attempt}` : String(a.attempt),
      shortTime(a.startedAt),
      a.durationMs === null ? '?' : formatDuration(a.durationMs),
      a.outcome,
      a.httpStatus === null ? '-' : String(a.httpStatus),
      a.error ?? '',
    ]);
    lines.push(
      formatTable(['ATTEMPT', 'STARTED', 'DURATION', 'OUTCOME', 'HTTP', 'ERROR'], rows, { indent: '  ' }),
    );
  }
  return `${lines.join('\n')}\n`;
}

function describeState(d: DeliveryRecord): string {
  const round = d.round > 1 ? `, replay round ${d.round}` : '';
  const tries = `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${round}`;
  switch (d.status) {
    case 'pending':
      return `pending (${tries}), next attempt ${shortTime(d.nextAttemptAt)}`;
    case 'in_flight':
      return `in flight (attempt ${d.attempts}${round}), lease until ${shortTime(d.leaseUntil)}`;
    case 'delivered':
      return `delivered ${shortTime(d.deliveredAt)} (${tries})`;
    case 'dead':
      return `dead (${tries})`;
  }
}
