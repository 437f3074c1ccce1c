import type { Database, Statement } from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { recordInterrupted } from './sqlite-finish.js';
import { eventOfDueRow } from './sqlite-rows.js';
import type { Statements } from './sqlite-statements.js';
import type { ClaimRequest, ClaimedDelivery } from './store.js';

/**
 * Marks `count` claimed deliveries in flight with one statement (`UPDATE … WHERE id IN (…)`), not one per row:
 * bound as the lease's end, the claim's time, then the ids.
 */
function prepareMarkClaimed(db: Database, count: number) {
  const ids = Array.from({ length: count }, () => '?').join(', ');
  return db.prepare<(string | number)[]>(
    `UPDATE deliveries SET status = 'in_flight', attempts = attempts + 1, next_attempt_at = ?, updated_at = ?
     WHERE id IN (${ids})`,
  );
}

/**
 * The claim's transaction, made once when the store opens (not a new transaction function per claim): up to
 * `limit` due deliveries of the target with their events, marked in flight under a lease. A delivery still in
 * flight here lost its lease (its process stopped): its attempt is recorded as interrupted first.
 */
export function prepareClaim(
  db: Database,
  s: Pick<Statements, 'selectDue' | 'insertAttempt' | 'markInterrupted'>,
) {
  const markClaimed = new Map<number, Statement<(string | number)[]>>();

  /** The statement that marks `count` claimed rows, prepared on first use (claims are as large as a lane's room). */
  function markClaimedOf(count: number): Statement<(string | number)[]> {
    let statement = markClaimed.get(count);
    if (!statement) {
      statement = prepareMarkClaimed(db, count);
      markClaimed.set(count, statement);
    }
    return statement;
  }

  function claim(request: ClaimRequest): ClaimedDelivery[] {
    const rows = s.selectDue.all(request.target, request.now, Math.max(0, request.limit));
    if (rows.length === 0) return [];
    const leaseUntil = request.now + request.leaseMs;
    const claimed = rows.map((row): ClaimedDelivery => {
      const event = eventOfDueRow(row);
      if (!event) throw new StoreError(`delivery ${row.id} has no event`);
      if (row.status === 'in_flight') recordInterrupted(s, row);
      const attempt = row.attempts + 1;
      return {
        job: {
          id: row.id,
          eventId: row.event_id,
          route: row.route,
          target: row.target,
          attempt,
          round: row.round,
          event,
        },
        lease: { deliveryId: row.id, round: row.round, attempt },
        leaseUntil,
        roundStartedAt: row.round_started_at,
      };
    });
    markClaimedOf(rows.length).run(leaseUntil, request.now, ...rows.map((row) => row.id));
    return claimed;
  }

  return db.transaction(claim);
}
