import type { Pool, PoolClient } from 'pg';
import { StoreError } from '../../errors.js';
import type { ArchiveQueries, ArchivedStore } from '../archive-queries.js';
import type { EnqueueResult } from '../delivery-queue.js';
import type { AcceptedEvent, PlannedDelivery } from '../../types.js';
import { GroupCommit, type GroupCommitOptions, type Settled } from '../group-commit.js';
import {
  byTargetThenStatus,
  toAttempt,
  toDelivery,
  toEvent,
  toEventSummary,
  type AttemptRow,
  type DeliveryRow,
  type EventRow,
  type EventSummaryRow,
} from '../sqlite-rows.js';
import {
  dedupeWindowFor,
  defaultDedupeWindowMs,
  type AttemptResult,
  type ClaimRequest,
  type ClaimedDelivery,
  type DedupeWindow,
  type DeliveryQuery,
  type DeliveryRecord,
  type DeliveryStatus,
  type DueTarget,
  type EventDetail,
  type EventQuery,
  type EventSummary,
  type Lease,
  type NextState,
  type PurgeRequest,
  type PurgeResult,
  type ReplayResult,
  type Store,
  type TargetStatusCount,
} from '../store.js';
import { createPostgresArchiveQueries } from './postgres-archive-queries.js';
import { claimDue } from './postgres-claim.js';
import { enqueueInRounds, type EnqueueItem } from './postgres-enqueue.js';
import { PreparedStatements } from './prepared-statements.js';
import { DueTargetsCache } from './due-targets-cache.js';
import { finishAttempts, type FinishItem } from './postgres-finish.js';
import * as sql from './postgres-sql.js';
import { closedError } from '../wrap-store-error.js';
import { PostgresConnections, asStoreError } from './postgres-connections.js';
import { WakeUps } from './wake-ups.js';

export interface PostgresStoreOptions {
  readonly dedupeWindowMs?: DedupeWindow;
  /** Enqueues (and attempt results) arriving together share one transaction. Default: one event-loop turn, 256. */
  readonly groupCommit?: GroupCommitOptions | false;
  /** Sent with this store's wake-ups (NOTIFY), so this replica's own listener can skip them. */
  readonly replicaId?: string;
  /** See `PostgresConnections`: how long a transaction of this store may sit idle. Default 10 s. */
  readonly idleInTransactionMs?: number;
  /** How long an answer of `dueTargets` may be kept (see due-targets-cache.ts); 0 asks every time. */
  readonly dueTargetsTtlMs?: number;
}

type AttemptItem = FinishItem;

/**
 * The store on PostgreSQL, shared by any number of gateway processes (fleet mode). Every write about a claimed
 * delivery is fenced by its lease; claims skip rows another process holds; the pool is the caller's (see
 * `openPostgresDriver`), and closing the store ends it.
 */
export class PostgresStore implements Store, ArchivedStore {
  /** The console's read-only questions, on the same pool. */
  readonly archive: ArchiveQueries = createPostgresArchiveQueries((work) => this.query(work));
  private readonly dedupeWindow: DedupeWindow;
  private readonly enqueues: GroupCommit<EnqueueItem, EnqueueResult> | undefined;
  private readonly attempts: GroupCommit<AttemptItem, 'recorded' | 'stale'> | undefined;
  private readonly connections: PostgresConnections;
  private readonly replicaId: string;
  private readonly wakeUps: WakeUps;
  private readonly statements = new PreparedStatements();
  private readonly due: DueTargetsCache;

  constructor(pool: Pool, options: PostgresStoreOptions = {}) {
    this.connections = new PostgresConnections(pool, options.idleInTransactionMs);
    this.replicaId = options.replicaId ?? '';
    this.wakeUps = new WakeUps(() =>
      this.connections.query((client) => client.query(sql.notifySql, [this.replicaId])),
    );
    this.dedupeWindow = options.dedupeWindowMs ?? defaultDedupeWindowMs;
    this.due = new DueTargetsCache(options.dueTargetsTtlMs);
    const groupCommit = options.groupCommit ?? { maxWaitMs: 0, maxBatch: 256 };
    if (groupCommit === false) {
      this.enqueues = undefined;
      this.attempts = undefined;
    } else {
      this.enqueues = new GroupCommit((items) => this.enqueueAll(items), groupCommit);
      this.attempts = new GroupCommit((items) => this.finishAll(items), groupCommit);
    }
  }

  enqueue(event: AcceptedEvent, planned: readonly PlannedDelivery[]): Promise<EnqueueResult> {
    if (this.connections.closed) return Promise.reject(closedError());
    if (this.enqueues) return this.connections.track(this.enqueues.submit({ event, planned }));
    return this.enqueueAll([{ event, planned }]).then(([settled]) => {
      if (settled?.ok) return settled.value;
      throw asStoreError(settled ? settled.error : new StoreError('enqueue returned no result'));
    });
  }

  claimDue(request: ClaimRequest): Promise<readonly ClaimedDelivery[]> {
    return this.changing(this.transaction((client) => claimDue(client, request)));
  }

  /** Kept a few milliseconds between this store's own enqueues (see due-targets-cache.ts). */
  dueTargets(): Promise<readonly DueTarget[]> {
    const fresh = this.due.fresh();
    if (fresh !== undefined) return Promise.resolve(fresh);
    return this.due.refresh(() =>
      this.query(async (client) => {
        const { rows } = await this.statements.query<{ target: string; due_at: number }>(
          client,
          sql.dueTargetsStatementName,
          sql.dueTargetsSql,
        );
        return rows.map((row) => ({ target: row.target, dueAt: row.due_at }));
      }),
    );
  }

  /** Another replica committed work (its NOTIFY): the kept answer of `dueTargets` no longer holds. */
  workArrived(): void {
    this.due.drop();
  }

  recordAttempt(attempt: AttemptResult, next: NextState): Promise<'recorded' | 'stale'> {
    if (this.connections.closed) return Promise.reject(closedError());
    if (this.attempts) return this.connections.track(this.attempts.submit({ attempt, next }));
    return this.finishAll([{ attempt, next }]).then(([settled]) => {
      if (settled?.ok) return settled.value;
      throw asStoreError(
        settled ? settled.error : new StoreError('recording the attempt returned no result'),
      );
    });
  }

  release(lease: Lease, now: number): Promise<'released' | 'stale'> {
    return this.changing(
      this.transaction(async (client) => {
        const { rowCount } = await client.query(sql.releaseSql, [...fenceOf(lease), now]);
        if (rowCount === 0) return 'stale';
        await client.query(sql.notifySql, [this.replicaId]);
        return 'released';
      }),
    );
  }

  /** Shared by other processes: their claims may be alive. Lease expiry recovers a dead process's work instead. */
  recoverInFlight(): Promise<number> {
    if (this.connections.closed) return Promise.reject(closedError());
    return Promise.resolve(0);
  }

  loadProgress(lease: Lease): Promise<string | undefined> {
    return this.query(async (client) => {
      const { rows } = await client.query<{ progress: string | null }>(sql.loadProgressSql, [
        lease.deliveryId,
        lease.round,
      ]);
      return rows[0]?.progress ?? undefined;
    });
  }

  saveProgress(lease: Lease, progress: string, leaseUntil: number): Promise<'saved' | 'stale'> {
    return this.changing(
      this.query(async (client) => {
        const { rowCount } = await client.query(sql.saveProgressSql, [
          ...fenceOf(lease),
          leaseUntil,
          progress,
        ]);
        return rowCount === 0 ? 'stale' : 'saved';
      }),
    );
  }

  listEvents(query: EventQuery): Promise<readonly EventSummary[]> {
    return this.query(async (client) => {
      const { rows } =
        query.status === undefined
          ? await client.query<EventSummaryRow>(sql.latestEventsSql, [query.limit])
          : await client.query<EventSummaryRow>(sql.latestEventsWithStatusSql, [query.status, query.limit]);
      return rows.map(toEventSummary);
    });
  }

  getEvent(id: string): Promise<EventDetail | undefined> {
    return this.transaction(async (client) => {
      const eventRow = (await client.query<EventRow>(sql.selectEventSql, [id])).rows[0];
      if (!eventRow) return undefined;
      const attempts = (await client.query<AttemptRow>(sql.attemptsOfEventSql, [id])).rows.map(toAttempt);
      const deliveries = (await client.query<DeliveryRow>(sql.deliveriesOfEventSql, [id])).rows;
      return {
        event: toEvent(eventRow),
        deliveries: deliveries.map((row) => ({
          delivery: toDelivery(row),
          attempts: attempts.filter((a) => a.deliveryId === row.id),
        })),
      };
    });
  }

  listDeliveries(query: DeliveryQuery): Promise<readonly DeliveryRecord[]> {
    return this.query(async (client) => {
      const { rows } = await client.query<DeliveryRow>(sql.listDeliveriesSql, [
        query.status ?? null,
        query.target ?? null,
        query.limit,
      ]);
      return rows.map(toDelivery);
    });
  }

  replay(deliveryId: string, now: number): Promise<ReplayResult> {
    return this.changing(
      this.transaction(async (client): Promise<ReplayResult> => {
        const row = (await client.query<DeliveryRow>(sql.selectDeliveryForUpdateSql, [deliveryId])).rows[0];
        if (!row) return { outcome: 'not_found' };
        if (row.status === 'in_flight') return { outcome: 'in_flight' };
        const replayed = (await client.query<DeliveryRow>(sql.replaySql, [deliveryId, now])).rows[0];
        if (!replayed) throw new StoreError(`delivery ${deliveryId} vanished during replay`);
        await client.query(sql.notifySql, [this.replicaId]);
        return { outcome: 'replayed', delivery: toDelivery(replayed) };
      }),
    );
  }

  replayDead(target: string, now: number): Promise<number> {
    return this.changing(
      this.transaction(async (client) => {
        const { rowCount } = await client.query(sql.replayDeadSql, [target, now]);
        if (rowCount) await client.query(sql.notifySql, [this.replicaId]);
        return rowCount ?? 0;
      }),
    );
  }

  purge(request: PurgeRequest): Promise<PurgeResult> {
    return this.changing(
      this.transaction(async (client) => {
        const deliveries = await client.query(sql.purgeDeliveriesSql, [request.statuses, request.before]);
        const events = await client.query(sql.purgeEmptyEventsSql, [request.before]);
        return { deliveries: deliveries.rowCount ?? 0, events: events.rowCount ?? 0 };
      }),
    );
  }

  deleteDeliveredBefore(before: number): Promise<number> {
    return this.changing(
      this.query(
        async (client) => (await client.query(sql.deleteDeliveredBeforeSql, [before])).rowCount ?? 0,
      ),
    );
  }

  countByTargetAndStatus(): Promise<readonly TargetStatusCount[]> {
    return this.query(async (client) => {
      const { rows } = await client.query<{ target: string; status: DeliveryStatus; count: number }>(
        sql.countByTargetAndStatusSql,
      );
      return rows.sort(byTargetThenStatus);
    });
  }

  async close(): Promise<void> {
    if (this.connections.closed) return;
    this.enqueues?.flush();
    this.attempts?.flush();
    this.wakeUps.close();
    await this.connections.close();
  }

  /** Events as grouped statements (see postgres-enqueue.ts): a few round trips per group, not one per event. */
  private async enqueueAll(items: readonly EnqueueItem[]): Promise<Settled<EnqueueResult>[]> {
    let settled: Settled<EnqueueResult>[];
    try {
      settled = await enqueueInRounds((work) => this.query(work), items, {
        windowOf: (source) => dedupeWindowFor(this.dedupeWindow, source),
        replicaId: this.replicaId,
        wakeUps: this.wakeUps,
        statements: this.statements,
      });
    } catch (error) {
      this.due.drop();
      throw error;
    }
    settled.forEach((result, i) => {
      // A failed item may have committed before its answer was lost: the kept answer cannot tell.
      if (!result.ok) this.due.drop();
      else if (result.value.outcome === 'accepted') {
        const item = items[i];
        for (const planned of item?.planned ?? [])
          this.due.enqueued(planned.target, item?.event.receivedAt ?? 0);
      }
    });
    return settled;
  }

  /**
   * Attempt results as one statement (see postgres-finish.ts). Should it fail, each is written alone, so one bad
   * result fails alone.
   */
  private async finishAll(items: readonly AttemptItem[]): Promise<Settled<'recorded' | 'stale'>[]> {
    const write = (batch: readonly AttemptItem[]) =>
      this.changing(
        this.query((client) => finishAttempts(client, batch, this.replicaId, this.wakeUps, this.statements)),
      );
    try {
      return (await write(items)).map((value) => ({ ok: true, value }));
    } catch (error) {
      if (items.length === 1) return [{ ok: false, error }];
      return Promise.all(
        items.map(async (item): Promise<Settled<'recorded' | 'stale'>> => {
          try {
            const [value] = await write([item]);
            return value ? { ok: true, value } : { ok: false, error: new StoreError('no result') };
          } catch (itemError) {
            return { ok: false, error: itemError };
          }
        }),
      );
    }
  }

  /** A write `dueTargets`' kept answer cannot follow: dropped once it settled (see due-targets-cache.ts). */
  private changing<T>(write: Promise<T>): Promise<T> {
    const drop = (): void => this.due.drop();
    write.then(drop, drop);
    return write;
  }

  private query<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.connections.query(work);
  }

  private transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.connections.transaction(work);
  }
}

function fenceOf(lease: Lease): [string, number, number, number | null] {
  return [lease.deliveryId, lease.round, lease.attempt, lease.token ?? null];
}
