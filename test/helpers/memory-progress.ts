import type { ProgressService, SendContext } from '../../src/targets/target.js';
import type { JsonValue } from '../../src/types.js';

/**
 * A progress service kept in memory for target unit tests: per delivery and round, like the store's, counting
 * saves and the steps it reported. `failSaves` makes the next saves fail the way a lost claim does.
 */
export class MemoryProgress implements ProgressService {
  readonly saved = new Map<string, JsonValue>();
  saves = 0;
  failSaves = 0;

  load(ctx: SendContext): Promise<JsonValue | undefined> {
    return Promise.resolve(structuredClone(this.saved.get(key(ctx))));
  }

  save(ctx: SendContext, progress: JsonValue): Promise<void> {
    if (this.failSaves > 0) {
      this.failSaves--;
      return Promise.reject(new Error('the delivery was claimed again meanwhile'));
    }
    this.saves++;
    this.saved.set(key(ctx), structuredClone(progress));
    ctx.stepDone?.();
    return Promise.resolve();
  }
}

function key(ctx: SendContext): string {
  return `${ctx.deliveryId}\u0000${ctx.round}`;
}
