import type { PoolClient } from 'pg';
import { toEvent, type EventRow } from '../sqlite-rows.js';
import { interruptedAttemptError, type ClaimRequest, type ClaimedDelivery } from '../store.js';
import { claimSql } from './postgres-sql.js';

interface ClaimedRow extends Omit<EventRow, 'id'> {
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
 * One claim as one statement (`hookgate_claim`, postgres-claim-function.ts), committing by itself: up to
 * `limit` due deliveries of the target, as many as the gate allows fleet-wide, with their events. One round trip
 * however many are taken, and the target's row is locked only while the server runs the call.
 */
export async function claimDue(client: PoolClient, request: ClaimRequest): Promise<ClaimedDelivery[]> {
  const { target, now, gate } = request;
  const limit = Math.max(0, Math.floor(request.limit));
  if (limit === 0) return [];
  const { rows } = await client.query<ClaimedRow>(claimSql, [
    target,
    now,
    limit,
    request.leaseMs,
    gate ? gate.concurrency : null,
    gate?.rateLimit ? gate.rateLimit.perSecond : null,
    gate?.rateLimit ? gate.rateLimit.burst : null,
    interruptedAttemptError,
  ]);
  const leaseUntil = now + request.leaseMs;
  return rows.map((row): ClaimedDelivery => {
    const event = toEvent({
      id: row.event_id,
      source: row.source,
      type: row.type,
      dedupe_key: row.dedupe_key,
      received_at: row.received_at,
      raw_body: row.raw_body,
    });
    const lease = { deliveryId: row.id, round: row.round, attempt: row.attempts, token: row.lease_token };
    return {
      job: {
        id: row.id,
        eventId: row.event_id,
        route: row.route,
        target: row.target,
        attempt: row.attempts,
        round: row.round,
        leaseToken: row.lease_token,
        event,
      },
      lease,
      leaseUntil,
      roundStartedAt: row.round_started_at,
    };
  });
}
