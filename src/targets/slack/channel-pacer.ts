export interface Pace {
  readonly perSecond: number;
  readonly burst: number;
}

export interface PacerClock {
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A token bucket for one Slack channel: `burst` posts at once, then `perSecond` (Slack allows about one message
 * per second per channel, api.slack.com/docs/rate-limits). A caller that finds no token reserves the next one
 * (the count goes negative) and sleeps until it is due, so concurrent callers queue up in order without a lock.
 */
export class ChannelPacer {
  private pace: Pace;
  private tokens: number;
  private updatedAt: number;
  private heldUntil = 0;

  constructor(
    pace: Pace,
    private readonly clock: PacerClock,
  ) {
    this.pace = pace;
    this.tokens = pace.burst;
    this.updatedAt = clock.now();
  }

  /** Applies a changed pace (a config reload) without forgetting the posts already made. */
  configure(pace: Pace): void {
    this.refill();
    this.pace = pace;
    this.tokens = Math.min(this.tokens, pace.burst);
  }

  /** Waits for a slot to post. If the wait is aborted the slot is given back. */
  async take(signal?: AbortSignal): Promise<void> {
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const waitMs = Math.ceil((-this.tokens / this.pace.perSecond) * 1000);
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (error) {
      this.tokens += 1;
      throw error;
    }
  }

  /** After Slack's 429: no post to this channel before `Retry-After` has passed. */
  holdFor(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, this.clock.now() + ms);
  }

  /** How long Slack asked this channel to stay quiet for, from now (0 when it may post). */
  heldForMs(): number {
    return Math.max(0, this.heldUntil - this.clock.now());
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(this.pace.burst, this.tokens + (elapsed / 1000) * this.pace.perSecond);
  }
}
