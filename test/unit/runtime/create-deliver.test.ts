import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../../src/config/gateway-config.js';
import { loadConfigText } from '../../../src/config/load-config.js';
import { createDeliver } from '../../../src/runtime/create-deliver.js';
import { DeliveryError } from '../../../src/errors.js';
import type { DeliveryJob, JsonObject } from '../../../src/types.js';
import { createStubTarget, stubPlugins, type StubTarget } from '../../helpers/stub-plugin.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

function configYaml(routeTo: string, targets: readonly string[] = ['chat', 'audit']): string {
  return [
    'sources:',
    '  app:',
    '    path: /hook',
    '    verify: { scheme: connect-it, secrets: [s3cret] }',
    '    events: { order.created: null }',
    'targets:',
    ...targets.map((name) => `  ${name}: { type: stub }`),
    'routes:',
    '  - name: orders',
    '    source: app',
    '    events: order.created',
    `    to: ${routeTo}`,
    '    message:',
    "      title: 'Order {{ event.order }}'",
    "      text: '{% for i in (1..event.n) %}.{% endfor %}'",
    '',
  ].join('\n');
}

function load(yaml: string): GatewayConfig {
  return loadConfigText('gateway.yaml', yaml, { env: {}, plugins: stubPlugins, baseDir: repoRoot });
}

function job(payload: JsonObject, overrides: Partial<DeliveryJob> = {}): DeliveryJob {
  return {
    id: 'evt_1~orders~chat',
    eventId: 'evt_1',
    route: 'orders',
    target: 'chat',
    attempt: 3,
    round: 1,
    event: {
      id: 'evt_1',
      source: 'app',
      type: 'order.created',
      dedupeKey: 'id:1',
      receivedAt: Date.UTC(2025, 0, 1),
      payload,
      rawBody: JSON.stringify(payload),
    },
    ...overrides,
  };
}

/** A gateway's config and targets as a reload would swap them. */
function gatewayState(yaml: string, targetNames: readonly string[] = ['chat', 'audit']) {
  const state = {
    config: load(yaml),
    targets: new Map<string, StubTarget>(targetNames.map((name) => [name, createStubTarget(name, {})])),
  };
  const deliver = createDeliver({ snapshot: () => state });
  return { state, deliver };
}

async function permanentFailure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  const deliveryError = error as DeliveryError;
  expect(deliveryError.kind).toBe('permanent');
  return deliveryError;
}

const order = { type: 'order.created', order: 'A-17', n: 3 };

describe('createDeliver', () => {
  it('renders the route templates and passes the delivery id, attempt and signal to target.send', async () => {
    const { state, deliver } = gatewayState(configYaml('chat'));
    const signal = new AbortController().signal;

    const receipt = await deliver(job(order), signal);

    expect(receipt).toEqual({ status: 200, detail: 'stub' });
    const chat = state.targets.get('chat')!;
    expect(chat.sent).toHaveLength(1);
    const [sent] = chat.sent;
    expect(sent!.message).toMatchObject({
      fields: { title: 'Order A-17', text: '...' },
      eventType: 'order.created',
      eventId: 'evt_1',
      payload: order,
    });
    expect(sent!.ctx).toEqual({ deliveryId: 'evt_1~orders~chat', attempt: 3, round: 1, signal });
    expect(state.targets.get('audit')!.sent).toEqual([]);
  });

  it('renders a payload nested deeper than JSON.stringify can go: accepted events do not die of it', async () => {
    const yaml = configYaml('chat').replace("title: 'Order {{ event.order }}'", "title: '{{ event.deep }}'");
    const { state, deliver } = gatewayState(yaml);
    const depth = 20_000;
    const raw = `{"type":"order.created","deep":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
    const payload = JSON.parse(raw) as JsonObject;
    const deepJob = job({}, { event: { ...job({}).event, payload, rawBody: raw } });
    await expect(deliver(deepJob, new AbortController().signal)).resolves.toMatchObject({ status: 200 });
    const title = state.targets.get('chat')!.sent[0]!.message.fields.title!;
    expect(title).toBe(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
  });

  it("hands the worker's step callback and the replay round to the target", async () => {
    const { state, deliver } = gatewayState(configYaml('chat'));
    const signal = new AbortController().signal;
    const stepDone = (): void => {};
    await deliver(job(order, { round: 4 }), signal, stepDone);
    expect(state.targets.get('chat')!.sent[0]!.ctx).toEqual({
      deliveryId: 'evt_1~orders~chat',
      attempt: 3,
      round: 4,
      signal,
      stepDone,
    });
  });

  it('uses the config in force at send time: a route removed by a reload is a permanent failure naming it', async () => {
    const { state, deliver } = gatewayState(configYaml('chat'));
    state.config = load(configYaml('chat').replace('name: orders', 'name: invoices'));

    const error = await permanentFailure(deliver(job(order), new AbortController().signal));

    expect(error.message).toBe('route "orders" is no longer in the config');
    expect(state.targets.get('chat')!.sent).toEqual([]);
  });

  it('fails permanently, naming target and route, when a reload removed the target', async () => {
    const { state, deliver } = gatewayState(configYaml('chat'));
    state.targets.delete('chat');

    const error = await permanentFailure(deliver(job(order), new AbortController().signal));

    expect(error.message).toBe('target "chat" is no longer in the config for route "orders"');
  });

  it('fails permanently when the target still exists but the route no longer sends to it', async () => {
    const { state, deliver } = gatewayState(configYaml('chat'));
    state.config = load(configYaml('audit'));

    const error = await permanentFailure(deliver(job(order), new AbortController().signal));

    expect(error.message).toBe('target "chat" is no longer in the config for route "orders"');
    expect(state.targets.get('chat')!.sent).toEqual([]);
    expect(state.targets.get('audit')!.sent).toEqual([]);
  });

  it('fails permanently, with the render error as cause, when the template cannot render this payload', async () => {
    const { state, deliver } = gatewayState(configYaml('chat'));

    const error = await permanentFailure(
      deliver(job({ ...order, n: 100_000_000 }), new AbortController().signal),
    );

    expect(error.message).toMatch(/^the message template failed to render: memory alloc limit exceeded/);
    expect(error.cause).toBeInstanceOf(Error);
    expect(state.targets.get('chat')!.sent).toEqual([]);
  });

  it('passes on the error of a failed send unchanged', async () => {
    const { state, deliver } = gatewayState(configYaml('chat'));
    const refused = new DeliveryError('http_5xx', 'HTTP 503', { status: 503 });
    state.targets.set('chat', {
      ...createStubTarget('chat', {}),
      send: () => Promise.reject(refused),
    });

    await expect(deliver(job(order), new AbortController().signal)).rejects.toBe(refused);
  });

  it('records a pass-through body as a marker for the event body, and any other preview as it is', async () => {
    const { state, deliver } = gatewayState(configYaml('[chat, audit]'));
    state.targets.set('chat', {
      ...createStubTarget('chat', {}),
      preview: (message) => ({ method: 'POST', body: message.rawBody }),
    });
    const recorded: string[] = [];
    const onMessage = (message: string): void => void recorded.push(message);

    await deliver(job(order), new AbortController().signal, undefined, onMessage);
    await deliver(job(order, { target: 'audit' }), new AbortController().signal, undefined, onMessage);

    expect(recorded.map((m) => JSON.parse(m) as unknown)).toEqual([
      { method: 'POST', body: { $hookgate: 'event-body' } },
      { target: 'audit', fields: { title: 'Order A-17', text: '...' } },
    ]);
  });
});
