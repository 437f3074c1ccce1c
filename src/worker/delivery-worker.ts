import type { Logger } from 'pino';
import type { SendReceipt } from '../targets/target.js';
import type { ClaimedDelivery, LeaseStore, TargetGate } from '../store/store.js';
import { nextStateOf, recordedOutcomeOf, type AttemptOutcome } from '../delivery-outcome.js';
import {
  allowedInFlight,
  initialLimitState,
  limitSettings,
  nextLimitState,
  type LimitSettings,
  type LimitState,
} from './adaptive-limit.js';
import { classifyFailure, type ClassifiedFailure } from './classify-failure.js';
import { systemTimers, type Clock, type Timers } from '../clock.js';
import { decideAfterFailure, withLastFailure } from './decide-after-failure.js';
import { deliverWithTimeout } from './deliver-with-timeout.js';
import type { DeliverFn } from '../store/delivery-queue.js';
import type { DeliveryResult } from './delivery-result.js';
import { loadSignalOf } from './load-signal.js';
import { deliveryResultOf, logAttempt } from './report-attempt.js';
import { burstOf, resolveTargetPolicy, type TargetDeliveryPolicy } from './target-delivery-policy.js';
import { TokenBucket } from './token-bucket.js';

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

interface Lane {
  active: number;
  bucket: TokenBucket | undefined;
  /** The adaptive in-flight limit (kept across reloads; its settings follow the cap in force). */
  limit: LimitState;
  limitSettings: LimitSettings;
}

interface Running {
  readonly claim: ClaimedDelivery;
  readonly lane: Lane;
  /** Attempts of this target in flight when this one started, itself included (the limiter's usage signal). */
  readonly inFlightAtStart: number;
  readonly controller: AbortController;
  /** Set by stop(): the claim went back to the store, whatever the attempt still does is ignored. */
  released: boolean;
  done?: Promise<void>;
}

/** The fewest free slots a lane with attempts running claims at once. */
export function claimBatchOf(limit: number): number {
  return Math.max(1, Math.floor(limit / 4));
}

/**
 * Sends queued deliveries in this process. Each target is its own lane with its own in-flight limit (adaptive up
 * to the target's `concurrency`, see adaptive-limit.ts, or fixed) and rate limit, so a slow or failing target
 * never holds up the others. Wakes on `notify()` (after an enqueue or a replay), on
 * one timer set for the next due retry, and on a coarse fallback poll. One worker per database.
 */
export class DeliveryWorker {
  private readonly store: LeaseStore;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly attemptTimeoutMs: number;
  /** How long a claim is leased; a multi-step delivery extends it by this much from each step it records. */
  readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  private readonly lanes = new Map<string, Lane>();
  private readonly running = new Set<Running>();
  private pumping: Promise<void> | undefined;
  private pumpAgain = false;
  private kickPending = false;
  private wake: unknown;
  private healthy = true;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.clock = options.clock ?? { now: Date.now };
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 60_000;
    this.leaseMs = options.leaseMs ?? this.attemptTimeoutMs + 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 30_000;
  }

  /** Puts deliveries left in flight by the last process back in the queue, then starts sending. */
  async start(): Promise<void> {
    if (this.state === 'running') return;
    const recovered = this.options.sharedStore ? 0 : await this.store.recoverInFlight(this.clock.now());
    if (recovered > 0) {
      this.logger.warn({ recovered }, 'deliveries in flight when the last process stopped are due again');
    }
    this.state = 'running';
    this.kick();
  }

  /** New work may be due: look now. */
  notify(): void {
    if (this.state === 'running') this.kick();
  }

  /** False while the store fails. */
  isHealthy(): boolean {
    return this.healthy;
  }

  /** Attempts in flight now, per target. */
  inFlight(): ReadonlyMap<string, number> {
    return new Map([...this.lanes].map(([target, lane]) => [target, lane.active]));
  }

  /** The in-flight limit in force per target (the adaptive limit, or the fixed count). */
  inFlightLimits(): ReadonlyMap<string, number> {
    return new Map(
      [...this.lanes].map(([target, lane]) => [target, this.laneLimit(lane, this.policy(target))]),
    );
  }

  /**
   * Stops claiming, waits up to `timeoutMs` for attempts in flight, then aborts the rest and gives them back to
   * the queue as pending, so they are sent after the next start.
   */
  async stop(timeoutMs: number): Promise<void> {
    if (this.state !== 'running') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    this.timers.clearTimeout(this.wake);
    await this.pumping;
    if (this.running.size > 0 && timeoutMs > 0) await this.settledWithin([...this.running], timeoutMs);
    const unfinished = [...this.running];
    for (const run of unfinished) {
      run.released = true;
      run.controller.abort(new Error('the gateway is shutting down'));
    }
    await Promise.all(unfinished.map((run) => this.giveBack(run.claim)));
    if (unfinished.length > 0) {
      this.logger.warn({ count: unfinished.length }, 'unfinished deliveries left pending for the next start');
    }
    this.state = 'stopped';
  }

  /**
   * Starts a pass soon. Wake-ups that come together (a group commit settling many enqueues, attempts finishing in
   * one turn) are folded into one pass on the next turn of the event loop, not one store query each.
   */
  private kick(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    if (this.kickPending) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      // stop() may have run (and the store closed) since the kick: a pass now would only meet a closed store.
      if (!this.isRunning()) return;
      if (this.pumping) this.pumpAgain = true;
      else this.pumping = this.pumpLoop();
    });
  }

  private async pumpLoop(): Promise<void> {
    try {
      do {
        this.pumpAgain = false;
        await this.pumpOnce();
      } while (this.shouldPumpAgain());
    } finally {
      // Cleared in the same step as the last check, so a notify() in between cannot be lost. pumpOnce always
      // awaits the store first, so this runs after kick() stored the promise.
      this.pumping = undefined;
    }
  }

  private shouldPumpAgain(): boolean {
    return this.pumpAgain && this.isRunning();
  }

  // A method, not `this.state === …` inline: the state changes across awaits, which narrowing does not see.
  private isRunning(): boolean {
    return this.state === 'running';
  }

  /** One pass: claim what each target may take now, and set the timer for the earliest later work. */
  private async pumpOnce(): Promise<void> {
    const now = this.clock.now();
    let wakeAt = now + this.pollIntervalMs;
    try {
      for (const { target, dueAt } of await this.store.dueTargets()) {
        if (!this.isRunning()) return;
        if (dueAt > now) {
          wakeAt = Math.min(wakeAt, dueAt);
          continue;
        }
        const policy = this.policy(target);
        const lane = this.lane(target, policy, now);
        // A full lane needs no timer: each finishing attempt looks again. A rate limit does: wake for the token.
        const limit = this.laneLimit(lane, policy);
        const slots = limit - lane.active;
        const tokens = lane.bucket ? lane.bucket.available(now) : slots;
        const free = Math.min(slots, tokens);
        // Claims come in batches: while attempts are still running, a lane waits until a quarter of its limit is
        // free (their finishing looks again), so a busy lane costs one claim transaction per few attempts, not one
        // each. An idle lane claims at once, and so does a lane its rate limit holds back (tokens, not slots).
        const batchReady = lane.active === 0 || tokens < slots || free >= claimBatchOf(limit);
        if (free > 0 && batchReady) {
          const claims = await this.store.claimDue({
            target,
            now,
            limit: free,
            leaseMs: this.leaseMs,
            gate: this.options.sharedStore ? gateOf(policy) : undefined,
          });
          if (!this.isRunning()) {
            await Promise.all(claims.map((claim) => this.giveBack(claim)));
            return;
          }
          for (const claim of claims) this.launch(claim, lane);
        }
        if (lane.bucket && tokens < slots) wakeAt = Math.min(wakeAt, lane.bucket.nextTokenAt(now));
      }
      this.healthy = true;
    } catch (error) {
      this.healthy = false;
      wakeAt = now + Math.min(this.pollIntervalMs, 5_000);
      this.logger.error({ err: error }, 'the delivery queue failed; trying again shortly');
    }
    if (this.state === 'running') this.scheduleWake(Math.max(wakeAt, now));
  }

  private scheduleWake(at: number): void {
    this.timers.clearTimeout(this.wake);
    this.wake = this.timers.setTimeout(
      () => {
        this.wake = undefined;
        this.notify();
      },
      Math.max(0, at - this.clock.now()),
    );
  }

  private launch(claim: ClaimedDelivery, lane: Lane): void {
    lane.active++;
    lane.bucket?.take(this.clock.now());
    const run: Running = {
      claim,
      lane,
      inFlightAtStart: lane.active,
      controller: new AbortController(),
      released: false,
    };
    this.running.add(run);
    run.done = this.attempt(run)
      .catch((error: unknown) => {
        this.healthy = false;
        // The claim stays leased and is sent again once the lease runs out: nothing is lost.
        this.logger.error({ err: error, deliveryId: claim.job.id }, 'recording a delivery attempt failed');
      })
      .finally(() => {
        lane.active--;
        this.running.delete(run);
        this.notify();
      });
  }

  private async attempt(run: Running): Promise<void> {
    const { job, lease } = run.claim;
    const startedAt = this.clock.now();
    let receipt: SendReceipt | undefined;
    let failure: ClassifiedFailure | undefined;
    let message: string | undefined;
    try {
      receipt = await deliverWithTimeout(
        this.options.deliver,
        job,
        run.controller,
        this.timers,
        this.attemptTimeoutMs,
        (sent) => (message = sent),
      );
    } catch (error) {
      failure = classifyFailure(error);
    }
    if (run.released) return;
    const finishedAt = this.clock.now();
    const durationMs = finishedAt - startedAt;
    const policy = this.policy(job.target);
    run.lane.limit = nextLimitState(
      run.lane.limit,
      { signal: loadSignalOf(failure), rttMs: durationMs, inFlight: run.inFlightAtStart, at: finishedAt },
      run.lane.limitSettings,
    );
    const outcome: AttemptOutcome = failure
      ? withLastFailure(
          decideAfterFailure({
            policy: policy.retry,
            attempt: lease.attempt,
            kind: failure.kind,
            retryAfterMs: failure.retryAfterMs,
            receivedAt: run.claim.roundStartedAt,
            now: finishedAt,
            random: this.random,
          }),
          failure.message,
        )
      : { outcome: 'delivered' };
    const httpStatus = failure ? failure.httpStatus : receipt?.status;
    const pauseTargetUntil =
      failure?.retryAfterMs !== undefined ? finishedAt + failure.retryAfterMs : undefined;
    const recorded = await this.store.recordAttempt(
      {
        lease,
        startedAt,
        durationMs,
        outcome: recordedOutcomeOf(outcome),
        httpStatus,
        error: failure?.message,
        pauseTargetUntil,
        message,
      },
      nextStateOf(outcome, finishedAt),
    );
    const facts = {
      job,
      attempt: lease.attempt,
      durationMs,
      finishedAt,
      httpStatus,
      failure,
      outcome,
      retry: policy.retry,
    };
    if (recorded === 'stale') {
      this.logger.warn(
        {
          deliveryId: job.id,
          target: job.target,
          attempt: lease.attempt,
          outcome: recordedOutcomeOf(outcome),
        },
        'delivery attempt result dropped: the delivery was claimed again meanwhile',
      );
      return;
    }
    logAttempt(this.logger, facts);
    this.emit(deliveryResultOf(facts));
  }

  private async giveBack(claim: ClaimedDelivery): Promise<void> {
    try {
      await this.store.release(claim.lease, this.clock.now());
    } catch (error) {
      // Left in flight, it is recovered at the next start.
      this.logger.error(
        { err: error, deliveryId: claim.job.id },
        'could not give an unfinished delivery back',
      );
    }
  }

  private settledWithin(runs: readonly Running[], timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = this.timers.setTimeout(resolve, timeoutMs);
      void Promise.allSettled(runs.map((run) => run.done ?? Promise.resolve())).then(() => {
        this.timers.clearTimeout(timer);
        resolve();
      });
    });
  }

  private policy(target: string): TargetDeliveryPolicy {
    try {
      return this.options.policyFor(target);
    } catch (error) {
      this.logger.error(
        { err: error, target },
        'the delivery policy of a target is invalid; using the defaults',
      );
      return resolveTargetPolicy(undefined);
    }
  }

  private lane(target: string, policy: TargetDeliveryPolicy, now: number): Lane {
    let lane = this.lanes.get(target);
    if (!lane) {
      const settings = limitSettings(policy.concurrency);
      lane = { active: 0, bucket: undefined, limit: initialLimitState(settings), limitSettings: settings };
      this.lanes.set(target, lane);
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

  private laneLimit(lane: Lane, policy: TargetDeliveryPolicy): number {
    return policy.adaptive ? allowedInFlight(lane.limit, lane.limitSettings) : policy.concurrency;
  }

  private emit(result: DeliveryResult): void {
    try {
      this.options.onDeliveryResult?.(result);
    } catch (error) {
      this.logger.error({ err: error }, 'a delivery result observer failed');
    }
  }
}

function gateOf(policy: TargetDeliveryPolicy): TargetGate {
  const limit = policy.rateLimit;
  return {
    concurrency: policy.concurrency,
    rateLimit: limit ? { perSecond: limit.perSecond, burst: burstOf(limit) } : undefined,
  };
}
