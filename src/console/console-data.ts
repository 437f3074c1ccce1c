import type { RoutePreview } from '../runtime/preview-event.js';
import type {
  ArchiveFilter,
  ArchivedAttempt,
  EventCursor,
  EventPage,
  LatencySummary,
} from '../store/archive-queries.js';
import type { DeliveryRecord, ReplayResult, StoredEvent } from '../store/store.js';

/**
 * Everything the console reads and does, as one port: pages depend on this, never on the store, the config or
 * the worker directly, so a store (SQLite, memory, PostgreSQL) only has to answer `ArchiveQueries`.
 */
export interface ConsoleData {
  overview(now: number): Promise<OverviewData>;
  findEvents(filter: ArchiveFilter, cursor: EventCursor | undefined, limit: number): Promise<EventPage>;
  event(id: string): Promise<EventView | undefined>;
  /** Dead deliveries, newest first, at most `limit`. */
  deadLetters(limit: number): Promise<readonly DeliveryRecord[]>;
  targets(): Promise<readonly TargetView[]>;
  routes(): readonly RouteView[];
  /** Names for the filter menus. */
  names(): { readonly sources: readonly string[]; readonly targets: readonly string[] };
  /** The dry run of `routes test`: throws a `GatewayError` for a payload the source would refuse. */
  tryEvent(source: string | undefined, rawBody: Buffer): readonly RoutePreview[];
  replay(deliveryId: string): Promise<ReplayResult>;
  replayDead(target: string): Promise<number>;
}

export interface OverviewData {
  readonly minutes: readonly OverviewMinute[];
  readonly rejectionCodes: readonly string[];
  readonly queue: readonly { readonly target: string; readonly queued: number; readonly dead: number }[];
  readonly latency: LatencySummary;
  readonly version: string;
  readonly configFile: string;
  readonly configLoadedAt: number;
  readonly now: number;
}

export interface OverviewMinute {
  readonly minute: number;
  readonly accepted: number;
  readonly duplicate: number;
  /** By rejection code. */
  readonly rejected: Readonly<Record<string, number>>;
  readonly delivered: number;
  readonly retrying: number;
  readonly dead: number;
}

export interface EventView {
  readonly event: StoredEvent;
  readonly deliveries: readonly {
    readonly delivery: DeliveryRecord;
    /** Newest round last. */
    readonly attempts: readonly ArchivedAttempt[];
    /** The target's type (slack, email, http), or undefined when a reload removed it. */
    readonly targetType: string | undefined;
  }[];
}

export type TargetState =
  | { readonly kind: 'healthy' }
  | { readonly kind: 'retrying'; readonly waiting: number; readonly until: number };

export interface TargetView {
  readonly name: string;
  readonly type: string;
  readonly state: TargetState;
  readonly queued: number;
  readonly dead: number;
  readonly concurrency: number;
  readonly rateLimit: { readonly perSecond: number; readonly burst?: number } | undefined;
}

export interface RouteView {
  readonly name: string;
  readonly source: string;
  readonly events: readonly string[];
  /** The filter as written in gateway.yaml, when the route has one. */
  readonly filter: string | undefined;
  readonly to: readonly string[];
}
