/**
 * How often this replica wakes the others (NOTIFY). A transaction that notifies takes a lock PostgreSQL holds
 * until its commit is flushed, so notifying transactions commit one at a time, across the whole database: one
 * NOTIFY per group commit halved the commits a second four connections could make (measured on this machine).
 * So at most one commit per window carries it; work committed meanwhile is announced by one NOTIFY sent at the
 * window's end. The others learn of new work at most a window late (their poll still catches anything missed).
 */
export class WakeUps {
  private lastAt = Number.NEGATIVE_INFINITY;
  private trailing: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly send: () => Promise<unknown>,
    private readonly windowMs = 50,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the statement about to run should carry the NOTIFY itself: the window's first. */
  take(): boolean {
    const now = this.now();
    if (this.closed || now - this.lastAt < this.windowMs) return false;
    this.lastAt = now;
    return true;
  }

  /** A statement that did not carry a NOTIFY committed work the others may take: one follows at the window's end. */
  owed(): void {
    if (this.closed || this.trailing) return;
    const wait = Math.max(0, this.lastAt + this.windowMs - this.now());
    this.trailing = setTimeout(() => {
      this.trailing = undefined;
      if (this.closed) return;
      this.lastAt = this.now();
      // Lost, it costs the others no more than their poll.
      this.send().catch(() => undefined);
    }, wait);
    this.trailing.unref();
  }

  close(): void {
    this.closed = true;
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = undefined;
  }
}
