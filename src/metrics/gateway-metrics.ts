import type Router from '@koa/router';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IngestOutcome } from '../ingest/ingest-webhook.js';
import { compileEventPattern } from '../routing/event-type-pattern.js';
import { strictRouter } from '../server/strict-router.js';

export interface QueueCounts {
  /** Per target: deliveries waiting or in flight, and dead-lettered ones. */
  readonly [target: string]: { readonly queued: number; readonly dead: number };
}

interface PendingCount {
  readonly labels: { readonly source: string; readonly type: string; readonly outcome: string };
  count: number;
}

/**
 * Prometheus metrics. Labels hold only names from the config (source, target, route), event types the source
 * accepts, outcomes and status classes: never a secret, URL or payload value, and never unbounded.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  /**
   * Ingest requests counted since the counter was last read, by source, type label and outcome. prom-client
   * validates and hashes the labels on every `inc`; here a request costs three map lookups, and the counter takes
   * each label set's count when it is read (its `collect` runs before every scrape and every `get`). Entries stay,
   * at zero, between reads: label sets are bounded (config names, accepted types, outcomes), and so is this map.
   */
  private readonly pendingReceived = new Map<string, Map<string, Map<string, PendingCount>>>();
  private readonly eventsReceived = new Counter({
    name: 'hookgate_events_received_total',
    help: 'Webhook requests received, by source, event type and outcome (accepted, duplicate, or the rejection code).',
    labelNames: ['source', 'type', 'outcome'] as const,
    registers: [this.registry],
    collect: () => {
      for (const byType of this.pendingReceived.values()) {
        for (const byOutcome of byType.values()) {
          for (const pending of byOutcome.values()) {
            if (pending.count === 0) continue;
            this.eventsReceived.inc(pending.labels, pending.count);
            pending.count = 0;
          }
        }
      }
    },
  });
  private readonly ingestDuration = new Histogram({
    name: 'hookgate_ingest_duration_seconds',
    help: 'Time from request start to answer on webhook paths.',
    labelNames: ['source'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: 'hookgate_deliveries_total',
    help: 'Delivery attempts by target and outcome (delivered, retry, dead).',
    labelNames: ['target', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly attemptDuration = new Histogram({
    name: 'hookgate_delivery_attempt_duration_seconds',
    help: 'Duration of one delivery attempt, by target.',
    labelNames: ['target'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly endToEnd = new Histogram({
    name: 'hookgate_end_to_end_latency_seconds',
    help: 'Time from receipt of an event to its successful delivery, by target.',
    labelNames: ['target'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600, 3600],
    registers: [this.registry],
  });
  private readonly droppedConnections = new Counter({
    name: 'hookgate_http_connections_dropped_total',
    help: 'Inbound connections closed on arrival because server.maxConnections were open, by listener (public, admin).',
    labelNames: ['listener'] as const,
    registers: [this.registry],
  });
  private readonly reloads = new Counter({
    name: 'hookgate_config_reloads_total',
    help: 'Config reloads by result (applied, refused).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(options: {
    readonly countQueue: () => Promise<QueueCounts>;
    readonly acceptedTypes: () => ReadonlySet<string>;
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hookgate_' });
    dropMisnamedGauges(this.registry);
    this.acceptedTypes = options.acceptedTypes;
    const countQueue = options.countQueue;
    new Gauge({
      name: 'hookgate_queue_depth',
      help: 'Deliveries waiting or in flight, by target.',
      labelNames: ['target'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await countQueue();
        this.reset();
        for (const [target, count] of Object.entries(counts)) this.set({ target }, count.queued);
      },
    });
    new Gauge({
      name: 'hookgate_dead_letters',
      help: 'Dead-lettered deliveries, by target.',
      labelNames: ['target'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await countQueue();
        this.reset();
        for (const [target, count] of Object.entries(counts)) this.set({ target }, count.dead);
      },
    });
  }

  private readonly acceptedTypes: () => ReadonlySet<string>;

  /** Matchers of the glob types accepted so far (`issues.*`), by pattern. */
  private readonly globs = new Map<string, (type: string) => boolean>();

  recordIngest(outcome: IngestOutcome): void {
    const type = outcome.type === undefined ? 'other' : this.typeLabel(outcome.type);
    let byType = this.pendingReceived.get(outcome.source);
    if (!byType)
      this.pendingReceived.set(outcome.source, (byType = new Map<string, Map<string, PendingCount>>()));
    let byOutcome = byType.get(type);
    if (!byOutcome) byType.set(type, (byOutcome = new Map<string, PendingCount>()));
    const pending = byOutcome.get(outcome.outcome);
    if (pending) pending.count++;
    else {
      const labels = { source: outcome.source, type, outcome: outcome.outcome };
      byOutcome.set(outcome.outcome, { labels, count: 1 });
    }
    this.ingestDuration.observe({ source: outcome.source }, outcome.durationMs / 1000);
  }

  /**
   * An event type is a label only when the config accepts it, so a sender cannot grow the label set: by name when
   * it is named, as the glob that accepted it (`issues.*`) when a glob did, else `other`.
   */
  private typeLabel(type: string): string {
    const accepted = this.acceptedTypes();
    if (accepted.has(type) && !type.includes('*')) return type;
    for (const pattern of accepted) {
      if (!pattern.includes('*')) continue;
      let matches = this.globs.get(pattern);
      if (!matches) {
        matches = compileEventPattern(pattern);
        this.globs.set(pattern, matches);
      }
      if (matches(type)) return pattern;
    }
    return 'other';
  }

  recordDelivery(result: {
    readonly target: string;
    readonly outcome: 'delivered' | 'retry' | 'dead';
    readonly durationMs: number;
    readonly endToEndMs?: number;
  }): void {
    this.deliveries.inc({ target: result.target, outcome: result.outcome });
    this.attemptDuration.observe({ target: result.target }, result.durationMs / 1000);
    if (result.outcome === 'delivered' && result.endToEndMs !== undefined) {
      this.endToEnd.observe({ target: result.target }, result.endToEndMs / 1000);
    }
  }

  recordDroppedConnection(listener: 'public' | 'admin'): void {
    this.droppedConnections.inc({ listener });
  }

  recordReload(result: 'applied' | 'refused'): void {
    this.reloads.inc({ result });
  }

  router(): Router {
    const router = strictRouter();
    router.get('/metrics', async (ctx) => {
      ctx.type = this.registry.contentType;
      ctx.body = await this.registry.metrics();
    });
    return router;
  }
}

/**
 * Prometheus reserves the `_total` suffix for counters (promtool: "non-counter metrics should not have _total
 * suffix"), but prom-client's defaults include gauges named so (`nodejs_active_handles_total`, …). Each is the sum
 * of a gauge by type that stays (`nodejs_active_handles`), so they are removed rather than renamed.
 */
function dropMisnamedGauges(registry: Registry): void {
  for (const metric of registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    if (type !== 'counter' && name.endsWith('_total')) registry.removeSingleMetric(name);
  }
}
