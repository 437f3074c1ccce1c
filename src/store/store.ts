import type { DeliveryQueue } from './delivery-queue.js';
import type { DeliveryStatus, NextState, RecordedOutcome } from '../delivery-outcome.js';
import type { AcceptedEvent, DeliveryJob } from '../types.js';

/**
 * The durable store behind the delivery queue, split by caller so each takes only what it uses: ingest the
 * intake, the worker the leases, the admin API and CLI the archive, metrics the stats. Every method is async so
 * a networked implementation (PostgreSQL) fits the same shape. Implementations must pass
 * `test/contract/store-contract.ts`.
 */
export type IntakeStore = DeliveryQueue;

/** What the delivery worker (and a target's progress) needs: claims, their results and their progress. */
export interface LeaseStore {
  /**
   * Claims up to `limit` deliveries of one target that are due (`nextAttemptAt <= now`), oldest due first, and
   * marks them in flight with a lease until `now + leaseMs`. Each claim counts as an attempt. A delivery whose
   * lease ran out (its holder died or hung) is due again; its lost attempt is recorded as interrupted. A store
   * shared by several processes also applies the request's `gate` across all of them.
   */
  claimDue(request: ClaimRequest): Promise<readonly ClaimedDelivery[]>;
  /** Per target with work waiting (pending, or in flight with a lease): when its next delivery is due. */
  dueTargets(): Promise<readonly DueTarget[]>;
  /**
   * Records a finished attempt and the state it leads to, in one step. `stale` means the lease was lost (the
   * delivery was reclaimed, replayed or released meanwhile): nothing was written.
   */
  recordAttempt(attempt: AttemptResult, next: NextState): Promise<'recorded' | 'stale'>;
  /** Gives an unfinished claim back (shutdown): pending again, due now, and the attempt does not count. */
  release(lease: Lease, now: number): Promise<'released' | 'stale'>;
  /**
   * At start: every delivery left in flight by a process that stopped is pending again, due now (at-least-once),
   * with its lost attempt recorded as interrupted. Returns how many. A store shared by several processes returns
   * 0 and changes nothing: another process may hold those leases, and lease expiry recovers them instead.
   */
  recoverInFlight(now: number): Promise<number>;
  /**
   * What a target that sends in several steps (Slack parts, a file upload) recorded for this delivery in the
   * lease's round, or undefined. A replay starts a new round, and with it from nothing.
   */
  loadProgress(lease: Lease): Promise<string | undefined>;
  /**
   * Records such progress and extends the lease to `leaseUntil`, in one step, only while the lease holds: `stale`
   * (nothing written) once the delivery was claimed again, replayed or released. Survives a restart, so a retry
   * continues after the last step recorded instead of repeating it.
   */
  saveProgress(lease: Lease, progress: string, leaseUntil: number): Promise<'saved' | 'stale'>;
}

/** What the admin API, the CLI and retention need: reading, replaying and deleting stored events. */
export interface ArchiveStore {
  listEvents(query: EventQuery): Promise<readonly EventSummary[]>;
  getEvent(id: string): Promise<EventDetail | undefined>;
  listDeliveries(query: DeliveryQuery): Promise<readonly DeliveryRecord[]>;
  /** Sends a delivery again from attempt 1, due now; its history is kept. In-flight deliveries are refused. */
  replay(deliveryId: string, now: number): Promise<ReplayResult>;
  /** Replays every dead delivery of a target; returns how many. */
  replayDead(target: string, now: number): Promise<number>;
  /**
   * Deletes deliveries in `statuses` last changed before `before` (with their attempts), then events left with
   * no deliveries that were received before `before`. In-flight deliveries are never purged.
   */
  purge(request: PurgeRequest): Promise<PurgeResult>;
  /** Deletes events received before `before` whose deliveries were all delivered (or that had none). */
  deleteDeliveredBefore(before: number): Promise<number>;
}

/** What metrics need. */
export interface StatsStore {
  /** Deliveries per target and status: queue depth, in flight, dead letters. */
  countByTargetAndStatus(): Promise<readonly TargetStatusCount[]>;
}

/** The four parts together, as a driver opens them. */
export interface Store extends IntakeStore, LeaseStore, ArchiveStore, StatsStore {
  /** Finishes pending writes, then closes. Later calls fail with `StoreError`. */
  close(): Promise<void>;
}

// The delivery states and attempt outcomes are the gateway's one vocabulary (delivery-outcome.ts); the store
// API names them here too, for its callers.
export { deliveryStatuses } from '../delivery-outcome.js';
export type { DeliveryStatus, NextState, RecordedOutcome } from '../delivery-outcome.js';

/** An event's status, derived from its deliveries: dead wins over pending, which wins over delivered. */
export type EventStatus = 'pending' | 'delivered' | 'dead' | 'unrouted';
export const eventStatuses: readonly EventStatus[] = ['pending', 'delivered', 'dead', 'unrouted'];

export interface ClaimRequest {
  readonly target: string;
  readonly now: number;
  readonly limit: number;
  readonly leaseMs: number;
  /**
   * The target's limits, for a store shared by several processes to hold across all of them. A store used by one
   * process ignores it: the worker's own lanes already hold these limits there.
   */
  readonly gate?: TargetGate | undefined;
}

export interface TargetGate {
  /** At most this many deliveries of the target in flight at once. */
  readonly concurrency: number;
  readonly rateLimit?: { readonly perSecond: number; readonly burst: number } | undefined;
}

/**
 * Identifies one claim: the attempt number and replay round fence off results that arrive after a reclaim. A
 * store shared by several processes adds a `token` that grows with every claim, so that a claim released and
 * taken again (same round and attempt) still fences off its former holder.
 */
export interface Lease {
  readonly deliveryId: string;
  readonly round: number;
  readonly attempt: number;
  readonly token?: number | undefined;
}

export interface ClaimedDelivery {
  readonly job: DeliveryJob;
  readonly lease: Lease;
  readonly leaseUntil: number;
  /** When this round of attempts began: the event's receipt, or the replay. Max age counts from here. */
  readonly roundStartedAt: number;
}

export interface DueTarget {
  readonly target: string;
  readonly dueAt: number;
}

export interface AttemptResult {
  readonly lease: Lease;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly outcome: RecordedOutcome;
  readonly httpStatus?: number | undefined;
  readonly error?: string | undefined;
  /**
   * The target asked for a pause (a 429's Retry-After): no delivery of that target starts before this time. A
   * store shared by several processes holds it for all of them.
   */
  readonly pauseTargetUntil?: number | undefined;
  /** What the target was sent (redacted JSON text), for the console's archive. */
  readonly message?: string | undefined;
}

export interface EventQuery {
  readonly status?: EventStatus | undefined;
  readonly limit: number;
}

export interface DeliveryQuery {
  readonly status?: DeliveryStatus | undefined;
  readonly target?: string | undefined;
  readonly limit: number;
}

export type StoredEvent = AcceptedEvent;

export interface EventSummary {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly dedupeKey: string;
  readonly receivedAt: number;
  readonly status: EventStatus;
  readonly deliveries: Readonly<Record<DeliveryStatus, number>>;
}

export interface DeliveryRecord {
  readonly id: string;
  readonly eventId: string;
  readonly route: string;
  readonly target: string;
  readonly status: DeliveryStatus;
  /** Attempts made in the current round. */
  readonly attempts: number;
  /** 1, plus one per replay. */
  readonly round: number;
  /** Pending only: when the next attempt is due. */
  readonly nextAttemptAt: number | null;
  /** In flight only: when the lease runs out. */
  readonly leaseUntil: number | null;
  readonly lastError: string | null;
  readonly deadReason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deliveredAt: number | null;
}

export interface AttemptRecord {
  readonly deliveryId: string;
  readonly round: number;
  readonly attempt: number;
  readonly startedAt: number;
  /** Null when the attempt was interrupted and its end is unknown. */
  readonly durationMs: number | null;
  readonly outcome: RecordedOutcome;
  readonly httpStatus: number | null;
  readonly error: string | null;
}

export interface EventDetail {
  readonly event: StoredEvent;
  readonly deliveries: readonly {
    readonly delivery: DeliveryRecord;
    readonly attempts: readonly AttemptRecord[];
  }[];
}

export type ReplayResult =
  | { readonly outcome: 'replayed'; readonly delivery: DeliveryRecord }
  | { readonly outcome: 'not_found' }
  | { readonly outcome: 'in_flight' };

export interface PurgeRequest {
  readonly statuses: readonly Exclude<DeliveryStatus, 'in_flight'>[];
  readonly before: number;
}

export interface PurgeResult {
  readonly deliveries: number;
  readonly events: number;
}

export interface TargetStatusCount {
  readonly target: string;
  readonly status: DeliveryStatus;
  readonly count: number;
}

/** The error text recorded for an attempt that a stopped process or a lost lease left unfinished. */
export const interruptedAttemptError =
  'interrupted: the attempt did not finish (process stopped or lease ran out)';

/** How long the same (source, dedupe key) counts as a duplicate: one window, or one per source. */
export type DedupeWindow = number | ((source: string) => number);

export const defaultDedupeWindowMs = 24 * 60 * 60 * 1000;

export function dedupeWindowFor(window: DedupeWindow, source: string): number {
  return typeof window === 'number' ? window : window(source);
}
