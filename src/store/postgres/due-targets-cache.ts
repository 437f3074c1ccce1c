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
 * `ttlMs` of the next poll). An answer read while this store wrote is kept only if that write could not change it.
 */
export class DueTargetsCache {
  private answer: readonly DueTarget[] | undefined;
  private readAt = 0;
  private drops = 0;
  private reading = 0;
  /** This store's enqueues while a read is in flight: whether its answer may be kept depends on them. */
  private enqueuedDuringReads: (readonly [string, number])[] = [];

  constructor(
    private readonly ttlMs = defaultDueTargetsTtlMs,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The kept answer while it is fresh, else undefined (ask the database). */
  fresh(): readonly DueTarget[] | undefined {
    if (this.answer !== undefined && this.clock() - this.readAt >= this.ttlMs) this.answer = undefined;
    return this.answer;
  }

  /**
   * Reads the answer with `read` and keeps it, unless this store made a write meanwhile that the answer cannot
   * follow. An enqueue that committed meanwhile may or may not be in the answer's snapshot; the rule of
   * `enqueued` holds either way (a delivery already counted is no earlier than its target's due time).
   */
  async refresh(read: () => Promise<readonly DueTarget[]>): Promise<readonly DueTarget[]> {
    const dropsBefore = this.drops;
    const enqueuedBefore = this.enqueuedDuringReads.length;
    const readAt = this.clock();
    this.reading++;
    let answer: readonly DueTarget[];
    try {
      answer = await read();
    } finally {
      this.reading--;
    }
    const enqueued = this.enqueuedDuringReads.slice(enqueuedBefore);
    if (this.reading === 0) this.enqueuedDuringReads = [];
    if (this.drops === dropsBefore && enqueued.every(([target, dueAt]) => follows(answer, target, dueAt))) {
      this.answer = answer;
      this.readAt = readAt;
    }
    return answer;
  }

  /** This store committed deliveries of `target` due at `dueAt`. */
  enqueued(target: string, dueAt: number): void {
    if (this.reading > 0) this.enqueuedDuringReads.push([target, dueAt]);
    if (this.answer !== undefined && !follows(this.answer, target, dueAt)) this.answer = undefined;
  }

  /** This store changed deliveries in a way the answer cannot follow, or another replica announced work. */
  drop(): void {
    this.drops++;
    this.answer = undefined;
  }
}

/** Whether `answer` stays exact with a delivery of `target` due at `dueAt` added: the target's earliest time holds. */
function follows(answer: readonly DueTarget[], target: string, dueAt: number): boolean {
  const known = answer.find((due) => due.target === target);
  return known !== undefined && known.dueAt <= dueAt;
}
