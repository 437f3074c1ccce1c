import type { Logger } from 'pino';
import { systemTimers, type Timers } from '../clock.js';
import type { ArchiveStore } from './store.js';

export interface RetentionSchedule {
  stop(): void;
}

/**
 * Deletes fully delivered events older than the retention age: once now, then every interval (default hourly).
 * Dead letters and pending work are never touched; they need a person (`purge`). Keep the retention at least as
 * long as the dedupe window, or repeats of deleted events are accepted again.
 */
export function scheduleRetention(
  store: Pick<ArchiveStore, 'deleteDeliveredBefore'>,
  retentionMs: () => number,
  now: () => number,
  logger: Logger,
  options: {
    readonly intervalMs?: number;
    readonly timers?: Timers;
    /**
     * A fleet's replicas share one store: each sweep runs only when this grants the turn (a lease row), so the
     * sweep runs once per interval for the whole fleet. Absent: every sweep runs.
     */
    readonly takeTurn?: (job: string, intervalMs: number) => Promise<boolean>;
  } = {},
): RetentionSchedule {
  const timers = options.timers ?? systemTimers;
  const intervalMs = options.intervalMs ?? 3_600_000;
  let timer: unknown;
  let stopped = false;

  async function sweep(): Promise<void> {
    const age = retentionMs();
    try {
      const turn = options.takeTurn ? await options.takeTurn('retention', intervalMs) : true;
      const deleted = turn ? await store.deleteDeliveredBefore(now() - age) : 0;
      if (deleted > 0) logger.info({ deleted, retentionMs: age }, 'retention: deleted delivered events');
    } catch (error) {
      if (!stopped) logger.error({ err: error }, 'retention sweep failed');
    }
    if (!stopped) timer = timers.setTimeout(() => void sweep(), intervalMs);
  }

  void sweep();
  return {
    stop() {
      stopped = true;
      timers.clearTimeout(timer);
    },
  };
}
