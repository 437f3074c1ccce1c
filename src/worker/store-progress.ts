import { DeliveryError } from '../errors.js';
import { isJsonValue } from '../json/is-json-value.js';
import type { LeaseStore } from '../store/store.js';
import type { ProgressService, SendContext } from '../targets/target.js';

export interface StoreProgressOptions {
  /** The worker's lease length: each save extends the claim by this much from now. */
  readonly leaseMs: number;
  readonly now: () => number;
}

/** The progress service targets get, kept in the delivery's row of the durable store. */
export function createStoreProgress(store: LeaseStore, options: StoreProgressOptions): ProgressService {
  const leaseOf = (ctx: SendContext) => ({
    deliveryId: ctx.deliveryId,
    round: ctx.round,
    attempt: ctx.attempt,
    token: ctx.leaseToken,
  });
  return {
    async load(ctx) {
      const text = await store.loadProgress(leaseOf(ctx));
      if (text === undefined) return undefined;
      try {
        const progress: unknown = JSON.parse(text);
        return isJsonValue(progress) ? progress : undefined;
      } catch {
        // Unreadable (written by another version?): start over rather than guess.
        return undefined;
      }
    },
    async save(ctx, progress) {
      const until = options.now() + options.leaseMs;
      const saved = await store.saveProgress(leaseOf(ctx), JSON.stringify(progress), until);
      if (saved === 'stale') {
        throw new DeliveryError('lease_lost', 'the delivery was claimed again meanwhile; this attempt stops');
      }
      ctx.stepDone?.();
    },
  };
}
