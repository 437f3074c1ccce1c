import type { Database } from 'better-sqlite3';
import type { Lease } from './store.js';

/** The statements behind `loadProgress` and `saveProgress`, prepared once when the store opens. */
export function prepareProgress(db: Database) {
  const select = db.prepare<[{ id: string; round: number }], { progress: string }>(
    `SELECT progress FROM delivery_progress WHERE delivery_id = @id AND round = @round`,
  );
  // Fenced like recordAttempt: only the holder of the current lease may write, and writing extends the lease.
  const extendLease = db.prepare<[{ id: string; round: number; attempt: number; lease_until: number }]>(
    `UPDATE deliveries SET next_attempt_at = @lease_until
     WHERE id = @id AND status = 'in_flight' AND round = @round AND attempts = @attempt`,
  );
  const upsert = db.prepare<[{ id: string; round: number; progress: string }]>(
    `INSERT INTO delivery_progress (delivery_id, round, progress) VALUES (@id, @round, @progress)
     ON CONFLICT (delivery_id) DO UPDATE SET round = excluded.round, progress = excluded.progress`,
  );
  const save = db.transaction((lease: Lease, progress: string, leaseUntil: number): 'saved' | 'stale' => {
    const { deliveryId: id, round, attempt } = lease;
    if (extendLease.run({ id, round, attempt, lease_until: leaseUntil }).changes === 0) return 'stale';
    upsert.run({ id, round, progress });
    return 'saved';
  });
  return {
    load: (lease: Lease): string | undefined =>
      select.get({ id: lease.deliveryId, round: lease.round })?.progress,
    save: (lease: Lease, progress: string, leaseUntil: number): 'saved' | 'stale' =>
      save.immediate(lease, progress, leaseUntil),
  };
}
