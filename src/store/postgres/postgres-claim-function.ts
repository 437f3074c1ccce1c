/**
 * Migration 4: `hookgate_claim`, one claim as one call (see postgres-claim.ts). A shipped migration: never edit
 * this text; a change is a new migration with `CREATE OR REPLACE FUNCTION`.
 *
 * With a gate (p_concurrency not null) the target's row is locked first, so gated claims of one target queue
 * behind each other across the fleet. Each statement of a volatile PL/pgSQL function reads a snapshot of its own
 * (READ COMMITTED), so the count of what is in flight, taken after the lock, sees every claim committed before it.
 * The lock ends with the call: nothing a client does between round trips can hold it.
 *
 * What the gate allows: nothing while a Retry-After pause runs; no more than the concurrency left (leases that ran
 * out no longer count: their holder is presumed gone); no more than whole tokens of the rate limit's bucket, which
 * refills at p_per_second up to p_burst and is written back less what this call took. Due rows are taken oldest
 * due first, skipping rows another claim holds; a row whose lease ran out gets its lost attempt recorded as
 * interrupted. Times are milliseconds on the fleet's clock (p_now), never the database server's.
 */
export const claimFunction = `
  CREATE FUNCTION hookgate_claim(p_target text, p_now bigint, p_limit integer, p_lease_ms bigint,
    p_concurrency integer, p_per_second double precision, p_burst double precision, p_interrupted text)
  RETURNS TABLE (id text, event_id text, route text, target text, attempts integer, round integer,
    round_started_at bigint, lease_token bigint, source text, type text, dedupe_key text, received_at bigint,
    raw_body text)
  LANGUAGE plpgsql AS $claim$
  #variable_conflict use_column
  DECLARE
    v_limit integer := greatest(p_limit, 0);
    v_tokens double precision;
    v_tokens_at bigint;
    v_paused bigint;
    v_in_flight integer;
    v_claimed integer;
  BEGIN
    IF p_concurrency IS NOT NULL THEN
      INSERT INTO targets (name) VALUES (p_target) ON CONFLICT DO NOTHING;
      SELECT t.tokens, t.tokens_at, t.paused_until INTO v_tokens, v_tokens_at, v_paused
        FROM targets t WHERE t.name = p_target FOR UPDATE;
      IF v_paused > p_now THEN RETURN; END IF;
      SELECT count(*)::integer INTO v_in_flight FROM deliveries d
        WHERE d.target = p_target AND d.status = 'in_flight' AND d.next_attempt_at > p_now;
      v_limit := least(v_limit, p_concurrency - v_in_flight);
      IF p_per_second IS NOT NULL THEN
        v_tokens := CASE WHEN v_tokens IS NULL OR v_tokens_at IS NULL THEN p_burst
          ELSE least(p_burst, v_tokens + greatest(0, p_now - v_tokens_at) / 1000.0 * p_per_second) END;
        v_limit := least(v_limit, floor(v_tokens)::integer);
      END IF;
    END IF;
    IF v_limit <= 0 THEN RETURN; END IF;
    RETURN QUERY
      WITH due AS (
        SELECT d.id, d.status, d.next_attempt_at, d.seq FROM deliveries d
        WHERE d.status IN ('pending', 'in_flight') AND d.target = p_target AND d.next_attempt_at <= p_now
        ORDER BY d.next_attempt_at, d.seq LIMIT v_limit
        FOR UPDATE SKIP LOCKED
      ), interrupted AS (
        INSERT INTO attempts (delivery_id, round, attempt, started_at, duration_ms, outcome, http_status, error)
        SELECT d.id, d.round, d.attempts, d.updated_at, NULL, 'retryable', NULL, p_interrupted
        FROM deliveries d JOIN due ON due.id = d.id WHERE due.status = 'in_flight'
        ON CONFLICT DO NOTHING
      ), claimed AS (
        UPDATE deliveries d SET
          last_error = CASE WHEN d.status = 'in_flight' THEN p_interrupted ELSE d.last_error END,
          status = 'in_flight', attempts = d.attempts + 1, next_attempt_at = p_now + p_lease_ms,
          updated_at = p_now, lease_token = d.lease_token + 1
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.event_id, d.route, d.target, d.attempts, d.round, d.round_started_at, d.lease_token,
          due.next_attempt_at AS due_at, due.seq
      )
      SELECT c.id, c.event_id, c.route, c.target, c.attempts, c.round, c.round_started_at, c.lease_token,
        e.source, e.type, e.dedupe_key, e.received_at, e.raw_body
      FROM claimed c JOIN events e ON e.id = c.event_id
      ORDER BY c.due_at, c.seq;
    GET DIAGNOSTICS v_claimed = ROW_COUNT;
    IF p_concurrency IS NOT NULL AND p_per_second IS NOT NULL AND v_claimed > 0 THEN
      UPDATE targets SET tokens = v_tokens - v_claimed, tokens_at = p_now WHERE name = p_target;
    END IF;
  END
  $claim$`;
