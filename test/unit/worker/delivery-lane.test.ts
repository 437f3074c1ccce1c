import { describe, expect, it } from 'vitest';
import {
  claimBatchOf,
  gateOf,
  laneFor,
  laneLimit,
  roomIn,
  type DeliveryLane,
} from '../../../src/worker/delivery-lane.js';
import { resolveTargetPolicy } from '../../../src/worker/target-delivery-policy.js';

const adaptive = resolveTargetPolicy({ concurrency: 32 });
const fixed8 = resolveTargetPolicy({ concurrency: { fixed: 8 } });
const paced = resolveTargetPolicy({ concurrency: { fixed: 8 }, rateLimit: { perSecond: 2, burst: 3 } });

describe('claimBatchOf', () => {
  it('is a quarter of the limit, at least one', () => {
    expect([1, 3, 4, 8, 32].map(claimBatchOf)).toEqual([1, 1, 1, 2, 8]);
  });
});

describe('laneFor', () => {
  it('makes a lane once per target and keeps its adaptive state when the cap changes', () => {
    const lanes = new Map<string, DeliveryLane>();
    const lane = laneFor(lanes, 'crm', adaptive, 0);
    expect(laneLimit(lane, adaptive)).toBe(4);
    lane.active = 2;
    const again = laneFor(lanes, 'crm', resolveTargetPolicy({ concurrency: 16 }), 0);
    expect(again).toBe(lane);
    expect(again.active).toBe(2);
    expect(again.limitSettings.max).toBe(16);
  });

  it('gives a rate-limited target a bucket, a new one when the rate changes, none when it is removed', () => {
    const lanes = new Map<string, DeliveryLane>();
    const bucket = laneFor(lanes, 'crm', paced, 0).bucket;
    expect(bucket?.available(0)).toBe(3);
    expect(laneFor(lanes, 'crm', paced, 0).bucket).toBe(bucket);
    const faster = resolveTargetPolicy({ concurrency: { fixed: 8 }, rateLimit: { perSecond: 5 } });
    expect(laneFor(lanes, 'crm', faster, 0).bucket).not.toBe(bucket);
    expect(laneFor(lanes, 'crm', fixed8, 0).bucket).toBeUndefined();
  });
});

describe('laneLimit', () => {
  it('is the fixed count for a fixed target, the adaptive limit otherwise', () => {
    const lanes = new Map<string, DeliveryLane>();
    expect(laneLimit(laneFor(lanes, 'a', fixed8, 0), fixed8)).toBe(8);
    expect(laneLimit(laneFor(lanes, 'b', adaptive, 0), adaptive)).toBe(4);
  });
});

describe('roomIn', () => {
  it('lets an idle lane claim all its slots at once', () => {
    const lane = laneFor(new Map(), 'crm', fixed8, 0);
    expect(roomIn(lane, 8, 0)).toEqual({ claim: 8, rateHeld: false });
  });

  it('makes a busy lane wait until a quarter of its limit is free, then claim them together', () => {
    const lane = laneFor(new Map(), 'crm', fixed8, 0);
    lane.active = 7;
    expect(roomIn(lane, 8, 0)).toEqual({ claim: 0, rateHeld: false });
    lane.active = 6;
    expect(roomIn(lane, 8, 0)).toEqual({ claim: 2, rateHeld: false });
    lane.active = 8;
    expect(roomIn(lane, 8, 0)).toEqual({ claim: 0, rateHeld: false });
  });

  it('claims what the rate limit allows at once, and says the rate limit holds the lane back', () => {
    const lane = laneFor(new Map(), 'crm', paced, 0);
    lane.active = 1;
    expect(roomIn(lane, 8, 0)).toEqual({ claim: 3, rateHeld: true });
    lane.bucket?.take(0, 3);
    expect(roomIn(lane, 8, 0)).toEqual({ claim: 0, rateHeld: true });
  });
});

describe('gateOf', () => {
  it('carries the cap and the rate limit with its burst for a shared store', () => {
    expect(gateOf(fixed8)).toEqual({ concurrency: 8, rateLimit: undefined });
    expect(gateOf(paced)).toEqual({ concurrency: 8, rateLimit: { perSecond: 2, burst: 3 } });
  });
});
