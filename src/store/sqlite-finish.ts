import type { Database } from 'better-sqlite3';
import type { Settled } from './group-commit.js';
import type { DeliveryRow } from './sqlite-rows.js';
import type { Statements } from './sqlite-statements.js';
import { interruptedAttemptError, type AttemptResult, type NextState } from './store.js';

export interface AttemptItem {
  readonly attempt: AttemptResult;
  readonly next: NextState;
}

type FinishStatements = Pick<Statements, 'finishAttempt' | 'insertAttempt'>;

/**
 * Moves the delivery to its next state while the attempt's lease holds, and records the attempt; `stale` (and
 * nothing written) when the lease was lost.
 */
export function writeAttempt(
  s: FinishStatements,
  attempt: AttemptResult,
  next: NextState,
): 'recorded' | 'stale' {
  const { lease } = attempt;
  const pending = next.status === 'pending' ? next.nextAttemptAt : null;
  const error = attempt.error ?? null;
  const changed = s.finishAttempt.run(
    next.status,
    pending,
    error,
    next.status === 'dead' ? next.reason : null,
    next.status === 'delivered' ? next.at : null,
    next.at,
    lease.deliveryId,
    lease.round,
    lease.attempt,
  ).changes;
  if (changed === 0) return 'stale';
  s.insertAttempt.run(
    lease.deliveryId,
    lease.round,
    lease.attempt,
    attempt.startedAt,
    attempt.durationMs,
    attempt.outcome,
    attempt.httpStatus ?? null,
    error,
    attempt.message ?? null,
    pending,
  );
  return 'recorded';
}

/** Records the attempt a stopped process left in flight as interrupted (retryable), on the delivery too. */
export function recordInterrupted(
  s: Pick<Statements, 'insertAttempt' | 'markInterrupted'>,
  row: Pick<DeliveryRow, 'id' | 'round' | 'attempts' | 'updated_at'>,
): void {
  s.insertAttempt.run(
    row.id,
    row.round,
    row.attempts,
    row.updated_at,
    null,
    'retryable',
    null,
    interruptedAttemptError,
    null,
    null,
  );
  s.markInterrupted.run({ id: row.id, error: interruptedAttemptError });
}

/**
 * The transactions recording finished attempts, made once when the store opens. Attempts finishing together are
 * recorded in one transaction too (two per delivery otherwise showed in the end-to-end profile); a batch that
 * fails is written attempt by attempt (`one`).
 */
export function prepareFinish(db: Database, s: FinishStatements) {
  return {
    one: db.transaction((item: AttemptItem) => writeAttempt(s, item.attempt, item.next)),
    many: db.transaction((items: readonly AttemptItem[]) =>
      items.map((item): Settled<'recorded' | 'stale'> => ({
        ok: true,
        value: writeAttempt(s, item.attempt, item.next),
      })),
    ),
  };
}
