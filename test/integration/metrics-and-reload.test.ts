import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSink } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const secret = 'operate-secret';

function config(sinkUrl: string, extra: { prefix?: string; target?: string } = {}): string {
  const target = extra.target ?? 'ops';
  return `
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["${secret}"] }
    events:
      test.completed: {}
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
  ${target}: { type: slack, webhookUrl: "${sinkUrl}/hook", pace: { perSecond: 100, burst: 100 } }
routes:
  - name: transcripts
    events: transcript.completed
    to: ${target}
    message: { text: '${extra.prefix ?? 'v1'}: {{ event.data.headline }}' }
`;
}

/** The value of one sample line of the Prometheus text format, or 0 when absent. */
function sample(metrics: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.indexOf('}'));
    if (wanted.every((pair) => inside.split(',').includes(pair)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('operating the gateway: metrics and hot reload', () => {
  const sink = new HttpSink();
  let running: TestGateway;
  let sent = 0;
  const transcript = (headline: string): Record<string, unknown> => ({
    type: 'transcript.completed',
    id: `evt-${++sent}`,
    data: { headline, text: 'hello' },
  });

  beforeAll(async () => {
    await sink.start();
    running = await startTestGateway({ yaml: config(sink.url) });
  });
  afterAll(async () => {
    await running.stop();
    await sink.stop();
  });

  const metrics = async (): Promise<string> => (await fetch(`${running.gateway.url}/metrics`)).text();
  const webhook = (): string => `${running.gateway.url}/webhook`;

  it('counts events, rejections and deliveries as they flow', async () => {
    const before = await metrics();
    expect((await postSigned(webhook(), transcript('Counted'), secret)).status).toBe(200);
    expect((await postSigned(webhook(), transcript('Bad'), 'wrong-secret')).status).toBe(401);
    expect((await postSigned(webhook(), { type: 'pwned.<script>' }, secret)).status).toBe(400);
    await sink.waitFor(1);
    // The worker records the result just after the target answered; wait for the counter, bounded.
    let after = await metrics();
    for (
      let i = 0;
      i < 100 && sample(after, 'hookgate_deliveries_total', { target: 'ops', outcome: 'delivered' }) < 1;
      i++
    ) {
      await new Promise((resolve) => setImmediate(resolve));
      after = await metrics();
    }
    const accepted = { source: 'connect-it', type: 'transcript.completed', outcome: 'accepted' };
    expect(sample(after, 'hookgate_events_received_total', accepted)).toBe(
      sample(before, 'hookgate_events_received_total', accepted) + 1,
    );
    expect(
      sample(after, 'hookgate_events_received_total', { source: 'connect-it', outcome: 'signature_invalid' }),
    ).toBe(1);
    // A type the source does not accept is counted, but never becomes a label.
    expect(
      sample(after, 'hookgate_events_received_total', {
        source: 'connect-it',
        type: 'other',
        outcome: 'event_type_not_accepted',
      }),
    ).toBe(1);
    expect(after).not.toContain('pwned');
    expect(sample(after, 'hookgate_deliveries_total', { target: 'ops', outcome: 'delivered' })).toBe(1);
    expect(after).toContain('hookgate_end_to_end_latency_seconds_count{target="ops"} 1');
    expect(after).toContain('hookgate_queue_depth');
    expect(after).toContain('hookgate_process_resident_memory_bytes');
    expect(after).not.toContain(secret);
    expect(after).not.toContain(sink.url);
  });

  it('applies a valid reload under load without failing a request', async () => {
    const received = sink.requests.length;
    const load: Promise<number>[] = [];
    for (let i = 0; i < 60; i++) {
      load.push(postSigned(webhook(), transcript(`load ${i}`), secret).then((r) => r.status));
      if (i === 30) {
        writeFileSync(running.configFile, config(sink.url, { prefix: 'v2' }));
        load.push(running.gateway.reload('test').then((applied) => (applied ? 200 : 500)));
      }
    }
    const statuses = await Promise.all(load);
    expect(statuses.every((status) => status === 200)).toBe(true);
    await sink.waitFor(received + 60);
    expect((await postSigned(webhook(), transcript('after'), secret)).status).toBe(200);
    await sink.waitFor(received + 61);
    expect(sink.requests.at(-1)?.body).toContain('v2: after');
    expect(sample(await metrics(), 'hookgate_config_reloads_total', { result: 'applied' })).toBe(1);
  });

  it('refuses an invalid reload and keeps serving the old config', async () => {
    const good = readFileSync(running.configFile, 'utf8');
    writeFileSync(running.configFile, good.replace('to: ops', 'to: nowhere'));
    expect(await running.gateway.reload('test')).toBe(false);
    const received = sink.requests.length;
    expect((await postSigned(webhook(), transcript('still here'), secret)).status).toBe(200);
    await sink.waitFor(received + 1);
    expect(sink.requests.at(-1)?.body).toContain('v2: still here');
    expect(sample(await metrics(), 'hookgate_config_reloads_total', { result: 'refused' })).toBe(1);
    writeFileSync(running.configFile, good);
  });

  it('dead-letters queued deliveries whose target a reload removed', async () => {
    sink.reply = () => ({ status: 503, body: 'unavailable', headers: { 'retry-after': '3600' } });
    const received = sink.requests.length;
    const response = await postSigned(webhook(), transcript('stranded'), secret);
    const { id } = (await response.json()) as { id: string };
    await sink.waitFor(received + 1);
    sink.reply = () => ({ status: 200, body: 'ok' });
    writeFileSync(running.configFile, config(sink.url, { prefix: 'v3', target: 'ops2' }));
    expect(await running.gateway.reload('test')).toBe(true);
    const deadline = Date.now() + 5_000;
    let status: string | undefined;
    while (Date.now() < deadline) {
      const detail = await running.gateway.store.getEvent(id);
      status = detail?.deliveries[0]?.delivery.status;
      if (status !== 'pending' && status !== 'in_flight') break;
      // The retry is due in an hour: replay it now so the worker meets the removed target.
      if (status === 'pending') {
        await running.gateway.store.replay(`${id}~transcripts~ops`, Date.now());
        running.gateway.worker.notify();
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const detail = await running.gateway.store.getEvent(id);
    expect(detail?.deliveries[0]?.delivery.status).toBe('dead');
    expect(detail?.deliveries[0]?.delivery.deadReason ?? '').toContain(
      'target "ops" is no longer in the config',
    );
  });
});
