import { createHash } from 'node:crypto';
import { DeliveryError } from '../../errors.js';
import type { Pace, PacerClock } from '../slack/channel-pacer.js';
import type { Pacer, PacerRegistry } from './pacer-registry.js';

/** A reserved slot: `tat` is the key's theoretical arrival time after this reservation (see `slotAt`). */
export interface PaceSlot {
  readonly tat: number;
  /** Until when the key is held after a 429 (no slot was reserved while that is later than `now`). */
  readonly heldUntil: number;
}

/**
 * Paces kept where every process of a fleet sees them (a row per key in the shared store). All times are on the
 * clock the fleet agrees on, passed in as `now`.
 */
export interface PaceStore {
  /**
   * Reserves the key's next slot in one step: tat := max(tat, now) + interval, unless the key is held past `now`
   * (then nothing changes). Returns the row after the step.
   */
  reservePaceSlot(key: string, intervalMs: number, now: number): Promise<PaceSlot>;
  /** Gives a reserved slot back, when no later reservation was made since. */
  returnPaceSlot(key: string, intervalMs: number, slot: PaceSlot): Promise<void>;
  /** No slot for the key before `until`. */
  holdPace(key: string, until: number): Promise<void>;
}

/** Milliseconds between two posts at the pace's rate. */
export function intervalOf(pace: Pace): number {
  return 1000 / pace.perSecond;
}

/**
 * When a reservation may post (a virtual-scheduling token bucket, the generic cell rate algorithm): the theoretical
 * arrival time runs one interval ahead per post, and a post may go once it is at most `burst - 1` intervals
 * ahead of now. `tat` is the value after the reservation.
 */
export function slotAt(tat: number, pace: Pace, now: number): number {
  const interval = intervalOf(pace);
  return Math.max(now, tat - interval * pace.burst);
}

/**
 * Pacers whose state is the shared store's (fleet mode): one channel's pace and its 429 hold count for every
 * replica. Keys hold a Slack webhook URL (a secret): the store sees only their SHA-256.
 */
export function createSharedPacerRegistry(store: PaceStore): PacerRegistry {
  const pacers = new Map<string, { current: { pace: Pace }; pacer: Pacer }>();
  return {
    pacerFor(key, pace, clock) {
      const known = pacers.get(key);
      if (known) {
        known.current.pace = pace;
        return known.pacer;
      }
      // A reload may change the pace: the pacer reads the latest one on each take.
      const current = { pace };
      const hashed = createHash('sha256').update(key).digest('hex');
      const pacer = sharedPacer(store, hashed, () => current.pace, clock);
      pacers.set(key, { current, pacer });
      return pacer;
    },
  };
}

function sharedPacer(store: PaceStore, key: string, pace: () => Pace, clock: PacerClock): Pacer {
  return {
    async take(signal) {
      const now = clock.now();
      const current = pace();
      const interval = intervalOf(current);
      const slot = await unlessStoreFails(store.reservePaceSlot(key, interval, now));
      if (slot.heldUntil > now) return slot.heldUntil - now;
      const waitMs = Math.ceil(slotAt(slot.tat, current, now) - now);
      if (waitMs <= 0) return 0;
      try {
        await clock.sleep(waitMs, signal);
      } catch (error) {
        await store.returnPaceSlot(key, interval, slot).catch(() => undefined);
        throw error;
      }
      return 0;
    },
    async holdFor(ms) {
      await unlessStoreFails(store.holdPace(key, clock.now() + ms));
    },
  };
}

/** A store that cannot pace the post: the delivery is retried later rather than posted unpaced. */
async function unlessStoreFails<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw new DeliveryError(
      'target_unavailable',
      "the channel's shared pace could not be read from the store",
      {
        cause: error,
      },
    );
  }
}
