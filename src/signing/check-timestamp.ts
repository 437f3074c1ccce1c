/** How a scheme bounds the age of a signed request (replay protection). */
export interface TimestampRule {
  readonly unit: 's' | 'ms';
  readonly toleranceMs: number;
  /**
   * Whether a timestamp ahead of the clock by more than the tolerance is refused too. Each preset follows its
   * provider's own library: Stripe's, Slack's bolt and Paddle's check age only; Standard Webhooks and Linear both.
   */
  readonly refuseFuture: boolean;
}

/** Pure: whether a request's timestamp (as written) is within the rule at `now`; undefined when unreadable. */
export function checkTimestamp(
  written: string,
  rule: TimestampRule,
  now: number,
): 'valid' | 'expired' | undefined {
  if (!/^\d{1,16}$/.test(written)) return undefined;
  const at = Number(written) * (rule.unit === 's' ? 1000 : 1);
  if (now - at > rule.toleranceMs) return 'expired';
  if (rule.refuseFuture && at - now > rule.toleranceMs) return 'expired';
  return 'valid';
}
