/**
 * Sign-in attempts allowed: per client address a burst of 10, then 5 a minute; and at most 60 a minute from all
 * addresses together, so many addresses cannot guess faster. Pure apart from the clock it is given.
 */
export interface SignInLimits {
  readonly perAddressBurst: number;
  readonly perAddressPerMinute: number;
  readonly globalBurst: number;
  readonly globalPerMinute: number;
  /** Addresses remembered at most; the least recently seen are forgotten first. */
  readonly maxAddresses: number;
}

export const defaultSignInLimits: SignInLimits = {
  perAddressBurst: 10,
  perAddressPerMinute: 5,
  globalBurst: 60,
  globalPerMinute: 60,
  maxAddresses: 10_000,
};

interface Bucket {
  tokens: number;
  at: number;
}

export type SignInDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSec: number };

export function createSignInLimiter(now: () => number, limits: SignInLimits = defaultSignInLimits) {
  const addresses = new Map<string, Bucket>();
  const global: Bucket = { tokens: limits.globalBurst, at: now() };

  function refill(bucket: Bucket, burst: number, perMinute: number, at: number): void {
    bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) * perMinute) / 60_000);
    bucket.at = at;
  }
  function waitSec(bucket: Bucket, perMinute: number): number {
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / perMinute));
  }

  return {
    /** Takes one attempt for `address`, or says how long to wait. */
    take(address: string): SignInDecision {
      const at = now();
      let bucket = addresses.get(address);
      if (bucket) addresses.delete(address);
      bucket ??= { tokens: limits.perAddressBurst, at };
      // Re-inserted: the map's order is least recently seen first.
      addresses.set(address, bucket);
      if (addresses.size > limits.maxAddresses) {
        const oldest = addresses.keys().next().value;
        if (oldest !== undefined) addresses.delete(oldest);
      }
      refill(bucket, limits.perAddressBurst, limits.perAddressPerMinute, at);
      refill(global, limits.globalBurst, limits.globalPerMinute, at);
      if (bucket.tokens < 1)
        return { allowed: false, retryAfterSec: waitSec(bucket, limits.perAddressPerMinute) };
      if (global.tokens < 1)
        return { allowed: false, retryAfterSec: waitSec(global, limits.globalPerMinute) };
      bucket.tokens -= 1;
      global.tokens -= 1;
      return { allowed: true };
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
