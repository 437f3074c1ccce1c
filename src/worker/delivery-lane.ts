import type { TargetGate } from '../store/store.js';
import {
  allowedInFlight,
  initialLimitState,
  limitSettings,
  type LimitSettings,
  type LimitState,
} from './adaptive-limit.js';
import { burstOf, type TargetDeliveryPolicy } from './target-delivery-policy.js';
import { TokenBucket } from '../token-bucket.js';

/** One target's share of the worker: its attempts in flight, its in-flight limit and its rate limit. */
export interface DeliveryLane {
  active: number;
  bucket: TokenBucket | undefined;
  /** The adaptive in-flight limit (kept across reloads; its settings follow the cap in force). */
  limit: LimitState;
  limitSettings: LimitSettings;
}

/** What a lane may claim in one pass. */
export interface LaneRoom {
  /** Deliveries to claim now (0: none). */
  readonly claim: number;
  /** True when the rate limit, not the in-flight limit, holds the lane back: a timer must wake it for a token. */
  readonly rateHeld: boolean;
}

/** The fewest free slots a lane with attempts running claims at once. */
export function claimBatchOf(limit: number): number {
  return Math.max(1, Math.floor(limit / 4));
}

/**
 * The lane of a target, made on first use and brought in line with the policy in force (a reload may change the
 * cap or the rate limit; the adaptive state is kept, a changed rate limit starts a new bucket).
 */
export function laneFor(
  lanes: Map<string, DeliveryLane>,
  target: string,
  policy: TargetDeliveryPolicy,
  now: number,
): DeliveryLane {
  let lane = lanes.get(target);
  if (!lane) {
    const settings = limitSettings(policy.concurrency);
    lane = { active: 0, bucket: undefined, limit: initialLimitState(settings), limitSettings: settings };
    lanes.set(target, lane);
  } else if (lane.limitSettings.max !== policy.concurrency) {
    lane.limitSettings = limitSettings(policy.concurrency);
  }
  const limit = policy.rateLimit;
  if (!limit) lane.bucket = undefined;
  else if (lane.bucket?.perSecond !== limit.perSecond || lane.bucket.burst !== burstOf(limit)) {
    lane.bucket = new TokenBucket(limit.perSecond, burstOf(limit), now);
  }
  return lane;
}

/** The in-flight limit in force for a lane: the adaptive limit, or the fixed count. */
export function laneLimit(lane: DeliveryLane, policy: TargetDeliveryPolicy): number {
  return policy.adaptive ? allowedInFlight(lane.limit, lane.limitSettings) : policy.concurrency;
}

/** How many deliveries a lane claims now, given its limit and its rate limit's tokens. */
export function roomIn(lane: DeliveryLane, limit: number, now: number): LaneRoom {
  const slots = limit - lane.active;
  const tokens = lane.bucket ? lane.bucket.available(now) : slots;
  const free = Math.min(slots, tokens);
  // Claims come in batches: while attempts are still running, a lane waits until a quarter of its limit is free
  // (their finishing looks again), so a busy lane costs one claim transaction per few attempts, not one each. An
  // idle lane claims at once, and so does a lane its rate limit holds back (tokens, not slots).
  const batchReady = lane.active === 0 || tokens < slots || free >= claimBatchOf(limit);
  return { claim: free > 0 && batchReady ? free : 0, rateHeld: lane.bucket !== undefined && tokens < slots };
}

/** The limits a shared store holds for a target across the fleet, sent with each claim. */
export function gateOf(policy: TargetDeliveryPolicy): TargetGate {
  const limit = policy.rateLimit;
  return {
    concurrency: policy.concurrency,
    rateLimit: limit ? { perSecond: limit.perSecond, burst: burstOf(limit) } : undefined,
  };
}
