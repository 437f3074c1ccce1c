import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestOutcome } from '../../../src/ingest/ingest-webhook.js';
import { GatewayMetrics, type QueueCounts } from '../../../src/metrics/gateway-metrics.js';

interface Sample {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
  readonly metricName?: string;
}

/** The samples of one metric; for a histogram, `part` picks `_count`, `_sum` or `_bucket`. */
async function samples(metrics: GatewayMetrics, name: string, part = ''): Promise<Sample[]> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return (values as Sample[]).filter((sample) => part === '' || sample.metricName === `${name}${part}`);
}

async function value(
  metrics: GatewayMetrics,
  name: string,
  labels: Readonly<Record<string, string>>,
  part = '',
): Promise<number | undefined> {
  const found = (await samples(metrics, name, part)).find((sample) =>
    Object.entries(labels).every(([key, wanted]) => String(sample.labels[key]) === wanted),
  );
  return found?.value;
}

function createMetrics(
  options: { counts?: () => QueueCounts; accepted?: () => ReadonlySet<string> } = {},
): GatewayMetrics {
  const counts = options.counts ?? (() => ({}));
  return new GatewayMetrics({
    countQueue: async () => counts(),
    acceptedTypes: options.accepted ?? (() => new Set(['order.created'])),
  });
}

function ingest(overrides: Partial<IngestOutcome> = {}): IngestOutcome {
  return {
    source: 'shop',
    type: 'order.created',
    outcome: 'accepted',
    status: 200,
    durationMs: 250,
    ...overrides,
  };
}

describe('GatewayMetrics.recordIngest', () => {
  it('counts the request by source, type and outcome, and observes its duration in seconds', async () => {
    const metrics = createMetrics();
    metrics.recordIngest(ingest());
    metrics.recordIngest(ingest());
    metrics.recordIngest(ingest({ outcome: 'duplicate', durationMs: 1500 }));

    const received = 'hookgate_events_received_total';
    expect(
      await value(metrics, received, { source: 'shop', type: 'order.created', outcome: 'accepted' }),
    ).toBe(2);
    expect(
      await value(metrics, received, { source: 'shop', type: 'order.created', outcome: 'duplicate' }),
    ).toBe(1);
    const duration = 'hookgate_ingest_duration_seconds';
    expect(await value(metrics, duration, { source: 'shop' }, '_count')).toBe(3);
    expect(await value(metrics, duration, { source: 'shop' }, '_sum')).toBeCloseTo(2, 6);
    expect(await value(metrics, duration, { source: 'shop', le: '0.25' }, '_bucket')).toBe(2);
  });

  it('keeps counting across reads: a scrape shows the total so far, never a count since the last scrape', async () => {
    const metrics = createMetrics();
    const received = 'hookgate_events_received_total';
    const labels = { source: 'shop', type: 'order.created', outcome: 'accepted' };
    metrics.recordIngest(ingest());
    expect(await value(metrics, received, labels)).toBe(1);
    expect(await value(metrics, received, labels)).toBe(1);
    metrics.recordIngest(ingest());
    metrics.recordIngest(ingest({ source: 'crm' }));
    expect(await metrics.registry.metrics()).toContain(
      'hookgate_events_received_total{source="shop",type="order.created",outcome="accepted"} 2',
    );
    expect(await value(metrics, received, labels)).toBe(2);
    expect(await value(metrics, received, { ...labels, source: 'crm' })).toBe(1);
  });

  it('labels an event type the source does not accept, or a request without one, as other', async () => {
    const metrics = createMetrics();
    metrics.recordIngest(ingest({ type: 'made.up.by.the.sender', outcome: 'event_type_not_accepted' }));
    metrics.recordIngest(ingest({ type: undefined, outcome: 'signature_invalid', status: 401 }));

    const types = (await samples(metrics, 'hookgate_events_received_total')).map((s) => s.labels.type);
    expect(types).toEqual(['other', 'other']);
  });

  it('labels a type a glob accepted with the glob, never with the name the sender chose', async () => {
    const metrics = createMetrics({ accepted: () => new Set(['order.created', 'issues.*']) });
    metrics.recordIngest(ingest({ type: 'issues.opened' }));
    metrics.recordIngest(ingest({ type: 'issues.closed' }));
    metrics.recordIngest(ingest({ type: 'issues.opened.twice' }));
    const received = 'hookgate_events_received_total';
    expect(await value(metrics, received, { type: 'issues.*' })).toBe(2);
    expect(await value(metrics, received, { type: 'other' })).toBe(1);
    expect(await value(metrics, received, { type: 'issues.opened' })).toBeUndefined();
  });

  it('asks for the accepted types at each record, so a reload that adds a type is labelled by name', async () => {
    let accepted = new Set<string>();
    const metrics = createMetrics({ accepted: () => accepted });
    metrics.recordIngest(ingest({ type: 'invoice.paid' }));
    accepted = new Set(['invoice.paid']);
    metrics.recordIngest(ingest({ type: 'invoice.paid' }));

    const received = 'hookgate_events_received_total';
    expect(await value(metrics, received, { type: 'other' })).toBe(1);
    expect(await value(metrics, received, { type: 'invoice.paid' })).toBe(1);
  });
});

describe('GatewayMetrics.recordDelivery', () => {
  it('counts attempts by target and outcome and observes their duration', async () => {
    const metrics = createMetrics();
    metrics.recordDelivery({ target: 'chat', outcome: 'retry', durationMs: 100 });
    metrics.recordDelivery({ target: 'chat', outcome: 'delivered', durationMs: 300, endToEndMs: 4000 });

    expect(await value(metrics, 'hookgate_deliveries_total', { target: 'chat', outcome: 'retry' })).toBe(1);
    expect(await value(metrics, 'hookgate_deliveries_total', { target: 'chat', outcome: 'delivered' })).toBe(
      1,
    );
    const attempt = 'hookgate_delivery_attempt_duration_seconds';
    expect(await value(metrics, attempt, { target: 'chat' }, '_count')).toBe(2);
    expect(await value(metrics, attempt, { target: 'chat' }, '_sum')).toBeCloseTo(0.4, 6);
  });

  it('observes end-to-end latency only for a delivered attempt that reports it', async () => {
    const metrics = createMetrics();
    metrics.recordDelivery({ target: 'chat', outcome: 'dead', durationMs: 10, endToEndMs: 9000 });
    metrics.recordDelivery({ target: 'chat', outcome: 'delivered', durationMs: 10 });
    const endToEnd = 'hookgate_end_to_end_latency_seconds';
    expect(await value(metrics, endToEnd, { target: 'chat' }, '_count')).toBeUndefined();

    metrics.recordDelivery({ target: 'chat', outcome: 'delivered', durationMs: 10, endToEndMs: 2500 });
    expect(await value(metrics, endToEnd, { target: 'chat' }, '_count')).toBe(1);
    expect(await value(metrics, endToEnd, { target: 'chat' }, '_sum')).toBeCloseTo(2.5, 6);
  });
});

describe('GatewayMetrics.recordReload', () => {
  it('counts reloads by result', async () => {
    const metrics = createMetrics();
    metrics.recordReload('applied');
    metrics.recordReload('refused');
    metrics.recordReload('refused');

    expect(await value(metrics, 'hookgate_config_reloads_total', { result: 'applied' })).toBe(1);
    expect(await value(metrics, 'hookgate_config_reloads_total', { result: 'refused' })).toBe(2);
  });
});

describe('GatewayMetrics queue gauges', () => {
  it('reads queue depth and dead letters per target from the count function at each scrape', async () => {
    let counts: QueueCounts = { chat: { queued: 4, dead: 1 }, mail: { queued: 0, dead: 7 } };
    const metrics = createMetrics({ counts: () => counts });

    expect(await samples(metrics, 'hookgate_queue_depth')).toEqual([
      { labels: { target: 'chat' }, value: 4 },
      { labels: { target: 'mail' }, value: 0 },
    ]);
    expect(await samples(metrics, 'hookgate_dead_letters')).toEqual([
      { labels: { target: 'chat' }, value: 1 },
      { labels: { target: 'mail' }, value: 7 },
    ]);

    // A target a reload removed disappears rather than keeping its last value.
    counts = { chat: { queued: 2, dead: 0 } };
    expect(await samples(metrics, 'hookgate_queue_depth')).toEqual([
      { labels: { target: 'chat' }, value: 2 },
    ]);
    expect(await samples(metrics, 'hookgate_dead_letters')).toEqual([
      { labels: { target: 'chat' }, value: 0 },
    ]);
  });
});

describe('GatewayMetrics.router', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('answers GET /metrics with the Prometheus text format', async () => {
    const metrics = createMetrics({ counts: () => ({ chat: { queued: 3, dead: 0 } }) });
    metrics.recordIngest(ingest());
    const app = new Koa();
    app.use(metrics.router().routes());
    const handle = app.callback();
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain(
      'hookgate_events_received_total{source="shop",type="order.created",outcome="accepted"} 1',
    );
    expect(text).toContain('hookgate_queue_depth{target="chat"} 3');
    expect(text).toMatch(/^hookgate_process_cpu_user_seconds_total /m);
  });
});
