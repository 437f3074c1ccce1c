import type { PoolClient } from 'pg';
import { StoreError } from '../../errors.js';
import { toEvent, type DeliveryRow, type EventRow } from '../sqlite-rows.js';
import {
  interruptedAttemptError,
  type ClaimRequest,
  type ClaimedDelivery,
  type StoredEvent,
} from '../store.js';
import { decideGate } from './fleet-gate.js';
import * as sql from './postgres-sql.js';

interface ClaimedRow {
  id: string;
  event_id: string;
  route: string;
  target: string;
  attempts: number;
  round: number;
  round_started_at: number;
  lease_token: number;
}

/**
 * One claim, inside the caller's transaction. With a gate, the target's row is locked first: claims of one target
 * queue behind each other across the fleet, so the in-flight count and the token bucket they read stay true until
 * they commit. Rows another claim holds are skipped, never waited for.
 */
export async function claimDue(client: PoolClient, request: ClaimRequest): Promise<ClaimedDelivery[]> {
  const { target, now, gate } = request;
  let limit = Math.max(0, request.limit);
  let tokens: number | null = null;
  if (gate) {
    await client.query(sql.lockTargetSql, [target]);
    const state = (
      await client.query<{ tokens: number | null; tokens_at: number | null; paused_until: number }>(
        sql.selectTargetSql,
        [target],
      )
    ).rows[0];
    const inFlight = (await client.query<{ n: number }>(sql.countInFlightSql, [target, now])).rows[0]?.n ?? 0;
    const decision = decideGate(
      gate,
      {
        tokens: state?.tokens ?? null,
        tokensAt: state?.tokens_at ?? null,
        pausedUntil: state?.paused_until ?? 0,
      },
      inFlight,
      limit,
      now,
    );
    limit = decision.allowed;
    tokens = decision.tokens;
  }
  if (limit === 0) return [];
  const due = (await client.query<DeliveryRow>(sql.selectDueSql, [target, now, limit])).rows;
  if (due.length === 0) return [];
  const ids = due.map((row) => row.id);
  await client.query(sql.recordInterruptedSql, [ids, interruptedAttemptError]);
  const leaseUntil = now + request.leaseMs;
  const claimed = (
    await client.query<ClaimedRow>(sql.markClaimedSql, [ids, leaseUntil, now, interruptedAttemptError])
  ).rows;
  if (gate && tokens !== null)
    await client.query(sql.updateTokensSql, [target, tokens - claimed.length, now]);
  const eventIds = [...new Set(claimed.map((row) => row.event_id))];
  const events = new Map<string, StoredEvent>(
    (await client.query<EventRow>(sql.selectEventsSql, [eventIds])).rows.map((row) => [row.id, toEvent(row)]),
  );
  const byId = new Map(claimed.map((row) => [row.id, row]));
  return ids.map((id): ClaimedDelivery => {
    const row = byId.get(id);
    const event = row && events.get(row.event_id);
    if (!row || !event) throw new StoreError(`delivery ${id} has no event`);
    return {
      job: {
        id,
        eventId: row.event_id,
        route: row.route,
        target: row.target,
        attempt: row.attempts,
        round: row.round,
        leaseToken: row.lease_token,
        event,
      },
      lease: { deliveryId: id, round: row.round, attempt: row.attempts, token: row.lease_token },
      leaseUntil,
      roundStartedAt: row.round_started_at,
    };
  });
}
