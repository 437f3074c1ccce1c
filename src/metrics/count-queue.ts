import type { StatsStore } from '../store/store.js';
import type { QueueCounts } from './gateway-metrics.js';

/** Queue depth (pending + in flight) and dead letters per target, from the store's counts. */
export async function countQueue(store: StatsStore): Promise<QueueCounts> {
  const counts: Record<string, { queued: number; dead: number }> = {};
  for (const row of await store.countByTargetAndStatus()) {
    const entry = (counts[row.target] ??= { queued: 0, dead: 0 });
    if (row.status === 'pending' || row.status === 'in_flight') entry.queued += row.count;
    if (row.status === 'dead') entry.dead += row.count;
  }
  return counts;
}
