import type { Logger } from 'pino';
import type { Clock, Timers } from '../clock.js';
import type { DeliverFn } from '../store/delivery-queue.js';
import type { LeaseStore } from '../store/store.js';
import type { DeliveryResult } from './delivery-result.js';
import type { TargetDeliveryPolicy } from './target-delivery-policy.js';

/** What a delivery worker is built with: its store, how it sends, its policies and its timing. */
export interface DeliveryWorkerOptions {
  readonly store: LeaseStore;
  /**
   * True when other gateway processes use the same store (PostgreSQL): nothing in flight is reset at start (lease
   * expiry recovers a dead process's work), and each claim carries the target's limits for the store to hold
   * across the fleet. Default false.
   */
  readonly sharedStore?: boolean;
  readonly deliver: DeliverFn;
  /** Read on every pass, so a config reload applies to the next claims and decisions. */
  readonly policyFor: (target: string) => TargetDeliveryPolicy;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Uniform in [0, 1): the jitter source. */
  readonly random?: () => number;
  /** An attempt still running after this long is aborted and counts as a retryable failure. Default 60 s. */
  readonly attemptTimeoutMs?: number;
  /** How long a claim is leased; must outlast the attempt timeout. Default: attempt timeout + 60 s. */
  readonly leaseMs?: number;
  /** A coarse fallback poll, e.g. for a replay made by the CLI in another process. Default 30 s. */
  readonly pollIntervalMs?: number;
  /** Called after each recorded attempt (metrics). Errors thrown here are logged and ignored. */
  readonly onDeliveryResult?: (result: DeliveryResult) => void;
}
