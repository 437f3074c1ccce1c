import type { Logger } from 'pino';
import type { ClaimedDelivery, LeaseStore } from '../store/store.js';
import { systemTimers, type Clock, type Timers } from '../clock.js';
import { gateOf, laneFor, laneLimit, roomIn, type DeliveryLane } from './delivery-lane.js';
import type { DeliveryResult } from './delivery-result.js';
import type { DeliveryWorkerOptions } from './delivery-worker-options.js';
import { settledWithin } from './settled-within.js';
import { runAttempt, type AttemptDeps, type RunningAttempt } from './run-attempt.js';
import { resolveTargetPolicy, type TargetDeliveryPolicy } from './target-delivery-policy.js';

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
  private readonly lanes = new Map<string, DeliveryLane>();
  private readonly running = new Set<RunningAttempt>();
  private readonly attemptDeps: AttemptDeps;
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
    this.attemptDeps = {
      store: this.store,
      deliver: options.deliver,
      clock: this.clock,
      timers: this.timers,
      random: this.random,
      attemptTimeoutMs: this.attemptTimeoutMs,
      logger: this.logger,
      policy: (target) => this.policy(target),
      emit: (result) => this.emit(result),
      freeSlot: (run) => {
        this.freeSlot(run);
        this.notify();
      },
    };
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
    return new Map([...this.lanes].map(([target, lane]) => [target, laneLimit(lane, this.policy(target))]));
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
    if (this.running.size > 0 && timeoutMs > 0) {
      const attempts = [...this.running].map((run) => run.done ?? Promise.resolve());
      await settledWithin(attempts, timeoutMs, this.timers);
    }
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
        const lane = laneFor(this.lanes, target, policy, now);
        // A full lane needs no timer: each finishing attempt looks again. A rate limit does: wake for the token.
        const room = roomIn(lane, laneLimit(lane, policy), now);
        if (room.claim > 0) {
          const claims = await this.store.claimDue({
            target,
            now,
            limit: room.claim,
            leaseMs: this.leaseMs,
            gate: this.options.sharedStore ? gateOf(policy) : undefined,
          });
          if (!this.isRunning()) {
            await Promise.all(claims.map((claim) => this.giveBack(claim)));
            return;
          }
          for (const claim of claims) this.launch(claim, lane);
        }
        if (lane.bucket && room.rateHeld) wakeAt = Math.min(wakeAt, lane.bucket.nextTokenAt(now));
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

  private launch(claim: ClaimedDelivery, lane: DeliveryLane): void {
    lane.active++;
    lane.bucket?.take(this.clock.now());
    const run: RunningAttempt = {
      claim,
      lane,
      inFlightAtStart: lane.active,
      controller: new AbortController(),
      released: false,
      slotFreed: false,
    };
    this.running.add(run);
    run.done = runAttempt(run, this.attemptDeps)
      .catch((error: unknown) => {
        this.healthy = false;
        // The claim stays leased and is sent again once the lease runs out: nothing is lost.
        this.logger.error({ err: error, deliveryId: claim.job.id }, 'recording a delivery attempt failed');
      })
      .finally(() => {
        this.running.delete(run);
        this.freeSlot(run);
        // Again once recorded (the slot may have been freed before): a retry's due time or a pause is only known
        // to the store from now on.
        this.notify();
      });
  }

  /** Frees an attempt's place in its lane, once: early when the target has answered, else when it ends. */
  private freeSlot(run: RunningAttempt): void {
    if (run.slotFreed) return;
    run.slotFreed = true;
    run.lane.active--;
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

  private emit(result: DeliveryResult): void {
    try {
      this.options.onDeliveryResult?.(result);
    } catch (error) {
      this.logger.error({ err: error }, 'a delivery result observer failed');
    }
  }
}
