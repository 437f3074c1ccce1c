/**
 * The one token bucket, on an injected clock: `perSecond` tokens flow in, at most `burst` are kept. The worker
 * takes one per attempt started (a target's rate limit), a signature scheme one per KiB (a byte budget), a Slack
 * channel's pacer reserves one per post. It sits at the bottom of src/ because the queue, signing and the targets
 * all use it, and the targets import signing.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    now: number,
    /** Tokens at the start; a full bucket unless carried over from one with other settings. */
    tokens = burst,
  ) {
    if (!(perSecond > 0) || !(burst >= 1))
      throw new RangeError('a rate limit needs perSecond > 0 and burst >= 1');
    this.tokens = Math.min(tokens, burst);
    this.updatedAt = now;
  }

  /** Whole tokens available now. */
  available(now: number): number {
    this.refill(now);
    return Math.floor(this.tokens);
  }

  /** Takes `count` tokens if there are that many (a byte budget takes one per KiB, say). */
  take(now: number, count = 1): boolean {
    this.refill(now);
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  /**
   * Takes one token whether or not it is there yet and says how many ms until it is (0: at once). The count may
   * go below zero, so concurrent callers each reserve the next slot and queue up in order without a lock.
   */
  reserve(now: number): number {
    this.refill(now);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.perSecond) * 1000);
  }

  /** Gives back a reserved token that went unused (its wait was aborted). */
  giveBack(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /** When the next whole token will be there (now, when one already is). */
  nextTokenAt(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? now : now + Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  /** A bucket with other settings that keeps what this one has spent (a config reload). */
  resized(perSecond: number, burst: number, now: number): TokenBucket {
    this.refill(now);
    return new TokenBucket(perSecond, burst, now, this.tokens);
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000);
    this.updatedAt = now;
  }
}
