/**
 * A token bucket on an injected clock: `perSecond` tokens flow in, at most `burst` are kept. One token is one
 * attempt started, so a target is never sent more than its rate even while many deliveries are due.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    now: number,
  ) {
    if (!(perSecond > 0) || !(burst >= 1))
      throw new RangeError('a rate limit needs perSecond > 0 and burst >= 1');
    this.tokens = burst;
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

  /** When the next whole token will be there (now, when one already is). */
  nextTokenAt(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? now : now + Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000);
    this.updatedAt = now;
  }
}
