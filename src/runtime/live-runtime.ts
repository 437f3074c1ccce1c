import type { GatewayConfig } from '../config/gateway-config.js';
import type { TargetDeliveryPolicy } from '../worker/target-delivery-policy.js';
import type { RuntimeSnapshot } from './runtime-snapshot.js';

/**
 * The runtime snapshot in force, as the long-lived parts (ingest, worker, metrics, store, retention, console)
 * hold it: they keep this one object and read the snapshot of the moment from it, so a reload is one `swap` and
 * no part keeps a piece of an older config. The readers below are `current()` in the shape each part asks for;
 * none of them reads the config any other way. Bound, so they can be handed over as they are.
 */
export class LiveRuntime {
  private snapshot: RuntimeSnapshot | undefined;

  /** The snapshot in force. Throws before the first is installed: the store opens before the targets exist. */
  readonly current = (): RuntimeSnapshot => {
    if (!this.snapshot) throw new Error('the gateway is not started yet');
    return this.snapshot;
  };

  /** Installs `next` in one step: every reader sees it from its next call on. */
  swap(next: RuntimeSnapshot): void {
    this.snapshot = next;
  }

  readonly config = (): GatewayConfig => this.current().config;
  readonly acceptedTypes = (): ReadonlySet<string> => this.current().acceptedTypes;
  readonly policyFor = (target: string): TargetDeliveryPolicy => this.current().policyFor(target);
  readonly dedupeWindowMs = (source: string): number => this.current().dedupeWindowMs(source);
  readonly retentionMs = (): number => this.current().config.server.retentionMs;
  readonly loadedAt = (): number => this.current().loadedAt;
}
