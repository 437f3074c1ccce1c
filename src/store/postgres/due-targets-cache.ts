import type { DueTarget } from '../store.js';

/** As long as other replicas' work may already wait before this one hears of it (wake-ups.ts: one NOTIFY per window). */
export const defaultDueTargetsTtlMs = 50;

/**
 * The store's last answer to "which targets have work, due when", kept for a few milliseconds. The worker asks
 * after every group commit (its kick), so under load it asked as often as events were committed in groups: one
 * round trip, a connection of the pool and a server-side index walk per group, for an answer that this replica's
 * own enqueues had not changed.
 *
 * The answer stays exact for this replica's own writes: an enqueue whose deliveries are due no earlier than their
 * target's due time already known leaves the answer as it is (a later delivery never moves a target's earliest
 * due time); any other enqueue, and every other write of this store (a claim, a result, a release, a replay, a
 * purge), drops it. Other replicas' writes drop it when their NOTIFY arrives, and an answer never outlives
 * `ttlMs`, the delay their wake-ups already have (behind pgbouncer, without LISTEN, their work shows within
 * `ttlMs` of the next poll). An answer read while this store wrote is not kept, as its snapshot may predate the
 * write.
 */
export class DueTargetsCache {
  private answer: readonly DueTarget[] | undefined;
  private readAt = 0;
  private writes = 0;

  constructor(
    private readonly ttlMs = defaultDueTargetsTtlMs,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The kept answer while it is fresh, else undefined (ask the database). */
  fresh(): readonly DueTarget[] | undefined {
    if (this.answer !== undefined && this.clock() - this.readAt >= this.ttlMs) this.answer = undefined;
    return this.answer;
  }

  /** Reads the answer with `read` and keeps it, unless this store wrote meanwhile. */
  async refresh(read: () => Promise<readonly DueTarget[]>): Promise<readonly DueTarget[]> {
    const writesBefore = this.writes;
    const readAt = this.clock();
    const answer = await read();
    if (this.writes === writesBefore) {
      this.answer = answer;
      this.readAt = readAt;
    }
    return answer;
  }

  /** This store committed deliveries of `target` due at `dueAt`. */
  enqueued(target: string, dueAt: number): void {
    this.writes++;
    const known = this.answer?.find((due) => due.target === target);
    if (known === undefined || known.dueAt > dueAt) this.answer = undefined;
  }

  /** This store changed deliveries in a way the answer cannot follow, or another replica announced work. */
  drop(): void {
    this.writes++;
    this.answer = undefined;
  }
}
