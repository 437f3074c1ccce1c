import { TokenBucket } from '../../token-bucket.js';

export interface Pace {
  readonly perSecond: number;
  readonly burst: number;
}

export interface PacerClock {
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The pace of one Slack channel: `burst` posts at once, then `perSecond` (Slack allows about one message per
 * second per channel, api.slack.com/docs/rate-limits), on the shared token bucket. A caller that finds no token
 * reserves the next one and sleeps until it is due, so concurrent callers queue up in order without a lock.
 */
export class ChannelPacer {
  private bucket: TokenBucket;
  private heldUntil = 0;

  constructor(
    pace: Pace,
    private readonly clock: PacerClock,
  ) {
    this.bucket = new TokenBucket(pace.perSecond, pace.burst, clock.now());
  }

  /** Applies a changed pace (a config reload) without forgetting the posts already made. */
  configure(pace: Pace): void {
    this.bucket = this.bucket.resized(pace.perSecond, pace.burst, this.clock.now());
  }

  /** Waits for a slot to post. If the wait is aborted the slot is given back. */
  async take(signal?: AbortSignal): Promise<void> {
    const waitMs = this.bucket.reserve(this.clock.now());
    if (waitMs === 0) return;
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (error) {
      this.bucket.giveBack();
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
}
