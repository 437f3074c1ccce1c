import { minuteMs } from '../store/archive-queries.js';

/** Ingest outcomes of one minute: accepted, duplicate, and each rejection code. */
export interface IngestMinute {
  readonly minute: number;
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Ingest outcomes per minute for the last hour, counted in this process's memory: duplicates and rejections are
 * not stored anywhere, so they start from zero at a restart and count only this replica's requests.
 */
export function createIngestActivity(now: () => number, keepMinutes = 60) {
  const minutes = new Map<number, Record<string, number>>();
  return {
    record(outcome: string): void {
      const minute = Math.floor(now() / minuteMs) * minuteMs;
      const counts = minutes.get(minute) ?? {};
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      minutes.set(minute, counts);
      const oldest = minute - keepMinutes * minuteMs;
      for (const key of minutes.keys()) if (key <= oldest) minutes.delete(key);
    },
    since(from: number): IngestMinute[] {
      return [...minutes.entries()]
        .filter(([minute]) => minute >= from - minuteMs + 1)
        .sort(([a], [b]) => a - b)
        .map(([minute, counts]) => ({ minute, counts: { ...counts } }));
    },
  };
}

export type IngestActivity = ReturnType<typeof createIngestActivity>;
