import type { PoolClient } from 'pg';
import type { AttemptResult, NextState } from '../store.js';
import type { WakeUps } from './wake-ups.js';
import { binaryTextArray } from './binary-text-array.js';
import { PreparedStatements } from './prepared-statements.js';

export interface FinishItem {
  readonly attempt: AttemptResult;
  readonly next: NextState;
}

/**
 * Finished attempts in one statement, hence one round trip and one commit however many there are: each delivery
 * moves to its next state only while its lease holds (round, attempt and token all match; a result that lost its
 * lease changes nothing), each attempt that did is recorded, a Retry-After pauses its target for the whole fleet,
 * and the other replicas are woken when a slot freed while work of that target waits (they may be holding back
 * for the fleet-wide concurrency; without the wake-up they would wait for their poll). The payload is this
 * replica's id: its own listener skips it, as its worker looks again in-process after every attempt.
 *
 * The messages (what each attempt sent, up to a body's size) go as one `text[]` in binary (`$16`, see
 * binary-text-array.ts), so the text is the same for any number of results and is sent prepared
 * (prepared-statements.ts).
 */
export const finishStatementName = 'hookgate_finish_1';

export const finishAttemptsSql = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::integer[], $3::integer[], $4::bigint[], $5::text[], $6::bigint[],
      $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::double precision[], $12::text[], $13::integer[],
      $14::bigint[], $16::text[]) WITH ORDINALITY
      AS i(id, round, attempt, token, status, next_at, error, reason, at, started_at, duration_ms, outcome,
        http_status, pause_until, message, n)
  ), finished AS (
    UPDATE deliveries d SET status = i.status, next_attempt_at = i.next_at,
      last_error = COALESCE(i.error, d.last_error), dead_reason = COALESCE(i.reason, d.dead_reason),
      delivered_at = CASE WHEN i.status = 'delivered' THEN i.at ELSE d.delivered_at END, updated_at = i.at
    FROM input i
    WHERE d.id = i.id AND d.status = 'in_flight' AND d.round = i.round AND d.attempts = i.attempt
      AND (i.token IS NULL OR d.lease_token = i.token)
    RETURNING i.*, d.target
  ), recorded AS (
    INSERT INTO attempts (delivery_id, round, attempt, started_at, duration_ms, outcome, http_status, error,
      message, next_attempt_at)
    SELECT id, round, attempt, started_at, duration_ms, outcome, http_status, error, message, next_at
    FROM finished
  ), paused AS (
    INSERT INTO targets (name, paused_until)
    SELECT target, max(pause_until) FROM finished WHERE pause_until IS NOT NULL GROUP BY target
    ON CONFLICT (name) DO UPDATE SET paused_until = greatest(targets.paused_until, excluded.paused_until)
  ), waiting AS (
    SELECT 1 FROM finished f
    WHERE EXISTS (SELECT 1 FROM deliveries w WHERE w.target = f.target AND w.status IN ('pending', 'in_flight')
      AND w.next_attempt_at <= f.at AND w.id <> f.id)
    LIMIT 1
  ), woken AS (
    SELECT pg_notify('hookgate_work', $15) FROM waiting WHERE $15::text IS NOT NULL
  )
  SELECT f.n::int AS n, (SELECT count(*) FROM waiting)::int AS waiting, (SELECT count(*) FROM woken) AS woken
  FROM finished f`;

/**
 * Writes `items` with `finishAttemptsSql`, outside any explicit transaction: the statement commits by itself.
 * Resolves with each item's outcome, in order: `stale` when its lease was lost.
 */
export async function finishAttempts(
  client: PoolClient,
  items: readonly FinishItem[],
  replicaId: string,
  wakeUps?: WakeUps,
  statements: PreparedStatements = new PreparedStatements(),
): Promise<('recorded' | 'stale')[]> {
  const column = <T>(pick: (item: FinishItem) => T): T[] => items.map(pick);
  const notify = wakeUps?.take() ?? true;
  const { rows } = await statements.query<{ n: number; waiting: number }>(
    client,
    finishStatementName,
    finishAttemptsSql,
    [
      column(({ attempt }) => attempt.lease.deliveryId),
      column(({ attempt }) => attempt.lease.round),
      column(({ attempt }) => attempt.lease.attempt),
      column(({ attempt }) => attempt.lease.token ?? null),
      column(({ next }) => next.status),
      column(({ next }) => (next.status === 'pending' ? next.nextAttemptAt : null)),
      column(({ attempt }) => attempt.error ?? null),
      column(({ next }) => (next.status === 'dead' ? next.reason : null)),
      column(({ next }) => next.at),
      column(({ attempt }) => attempt.startedAt),
      column(({ attempt }) => attempt.durationMs),
      column(({ attempt }) => attempt.outcome),
      column(({ attempt }) => attempt.httpStatus ?? null),
      column(({ attempt }) => attempt.pauseTargetUntil ?? null),
      notify ? replicaId : null,
      binaryTextArray(column(({ attempt }) => attempt.message ?? null)),
    ],
  );
  if (!notify && (rows[0]?.waiting ?? 0) > 0) wakeUps?.owed();
  const recorded = new Set(rows.map((row) => row.n));
  return items.map((_, i) => (recorded.has(i + 1) ? 'recorded' : 'stale'));
}
