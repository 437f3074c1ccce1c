import type { Pool } from 'pg';
import type { PaceSlot, PaceStore } from '../../targets/shared/shared-pacer-registry.js';
import { asStoreError } from './postgres-connections.js';

// One statement per step, each a single-row upsert: the row lock orders the replicas' reservations of one key.
const reserveSql = `
  INSERT INTO channel_paces AS p (key, tat) VALUES ($1, $3::double precision + $2)
  ON CONFLICT (key) DO UPDATE SET tat = CASE
    WHEN p.held_until > $3 THEN p.tat
    ELSE greatest(p.tat, $3::double precision) + $2
  END
  RETURNING tat, held_until`;

const returnSql = `UPDATE channel_paces SET tat = tat - $2 WHERE key = $1 AND tat = $3`;

const holdSql = `
  INSERT INTO channel_paces AS p (key, tat, held_until) VALUES ($1, 0, $2)
  ON CONFLICT (key) DO UPDATE SET held_until = greatest(p.held_until, $2)`;

/** Channel paces in PostgreSQL: every replica reserves its posts' slots from the same row. */
export function createPostgresPaces(pool: Pool): PaceStore {
  return {
    async reservePaceSlot(key, intervalMs, now): Promise<PaceSlot> {
      try {
        const { rows } = await pool.query<{ tat: number; held_until: number }>(reserveSql, [
          key,
          intervalMs,
          now,
        ]);
        const row = rows[0];
        if (!row) throw new Error('the pace row was not returned');
        return { tat: row.tat, heldUntil: row.held_until };
      } catch (error) {
        throw asStoreError(error);
      }
    },
    async returnPaceSlot(key, intervalMs, slot) {
      try {
        await pool.query(returnSql, [key, intervalMs, slot.tat]);
      } catch (error) {
        throw asStoreError(error);
      }
    },
    async holdPace(key, until) {
      try {
        await pool.query(holdSql, [key, Math.ceil(until)]);
      } catch (error) {
        throw asStoreError(error);
      }
    },
  };
}
