import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfigText } from '../../../src/config/load-config.js';
import type { SchemeName } from '../../../src/signing/scheme-registry.js';
import { listenIngestApp, type IngestApp } from '../../helpers/ingest-app.js';
import { RecordingQueue } from '../../helpers/recording-queue.js';
import { scheme } from '../../helpers/signed-request.js';
import { stubPlugins } from '../../helpers/stub-plugin.js';

/** Sources of several presets on one app, for the ingest tests by preset and by refusal. */
export const now = Date.UTC(2026, 10, 30, 12, 0, 0);
export const secrets = {
  github: 'gh-secret',
  slack: '8f742231b10e8888abcd99yyyzzz85a5',
  zoom: 'zoom-secret-token',
  stripe: 'whsec_stripe_test',
  twilio: 'twilio-auth-token',
  hmac: 'acme-secret',
  'connect-it': 'cit-secret',
} as const;

const config = loadConfigText(
  'gateway.yaml',
  `
sources:
  gh:
    path: /github
    verify: { preset: github, secrets: ['${secrets.github}'] }
    events: { push: null, 'pull_request.*': null }
  slack:
    path: /slack
    verify: { preset: slack, secrets: ['${secrets.slack}'] }
    events: { app_mention: null, /deploy: null, block_actions: null }
  zoom:
    path: /zoom
    verify: { preset: zoom, secrets: [old-zoom-token, '${secrets.zoom}'] }
    events: { meeting.started: null }
  pay:
    path: /stripe
    verify: { preset: stripe, secrets: ['${secrets.stripe}'], tolerance: 1m }
    events: { 'invoice.*': null }
  sms:
    path: /twilio
    verify: { preset: twilio, secrets: ['${secrets.twilio}'], url: 'https://hooks.example.com/twilio' }
    events: { received: null, delivered: null }
  acme:
    path: /acme
    verify:
      scheme: hmac
      header: x-acme-signature
      encoding: base64
      prefix: 'sha256='
      signed: '{timestamp}.{body}'
      timestamp: { header: x-acme-time }
      secrets: ['${secrets.hmac}']
    eventType: { header: x-acme-event }
    eventId: { header: x-acme-delivery }
    events: { '*': null }
  cit:
    path: /webhook
    verify: { scheme: connect-it, secrets: ['${secrets['connect-it']}'] }
    events: { order.created: null }
targets:
  chat: { type: stub }
routes:
  - { name: prs, source: gh, events: pull_request.opened, to: chat }
  - { name: pushes, source: gh, events: push, to: chat }
`,
  { env: {}, plugins: stubPlugins },
);

/** The app on a free port with a fresh recording queue per test (`reset`), and a signed POST. */
export interface SourcesApp {
  readonly queue: () => RecordingQueue;
  readonly base: () => string;
  reset(): void;
  close(): Promise<void>;
  post(path: string, as: SchemeName, body: string | Buffer, options?: SendOptions): Promise<Answer>;
}

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function startSourcesApp(): Promise<SourcesApp> {
  let queue = new RecordingQueue();
  const app: IngestApp = await listenIngestApp({ config, queue: () => queue, now });
  return {
    queue: () => queue,
    base: () => app.base,
    reset: () => {
      queue = new RecordingQueue();
    },
    close: () => app.close(),
    post: (path, as, body, options = {}) => post(app.base, path, as, body, options),
  };
}

export interface SendOptions {
  readonly headers?: Record<string, string>;
  readonly timestampSec?: number;
  readonly contentType?: string;
  readonly url?: string;
}

/** POSTs `body` to `path`, signed by the named scheme's own signer (checked against the providers elsewhere). */
async function post(
  base: string,
  path: string,
  as: SchemeName,
  body: string | Buffer,
  options: SendOptions,
): Promise<Answer> {
  const name = as as keyof typeof secrets;
  const text = typeof body === 'string' ? body : body.toString('latin1');
  const hmacOptions =
    as === 'hmac'
      ? {
          header: 'x-acme-signature',
          encoding: 'base64',
          prefix: 'sha256=',
          signed: '{timestamp}.{body}',
          timestamp: { header: 'x-acme-time' },
        }
      : {};
  const signed = scheme(as, hmacOptions)
    .signer(secrets[name])
    .sign({
      body: text,
      method: 'POST',
      url: options.url ?? `${base}${path}`,
      id: 'msg_1',
      timestampSec: options.timestampSec ?? now / 1000,
    });
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json', ...signed, ...options.headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Starts the app for the calling test file (closed after it) with a fresh queue before each test. */
export function useSourcesApp(): {
  post: SourcesApp['post'];
  enqueued: () => RecordingQueue['enqueued'];
  base: () => string;
} {
  let app: SourcesApp | undefined;
  beforeAll(async () => {
    app = await startSourcesApp();
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    app?.reset();
  });
  const started = (): SourcesApp => {
    if (!app) throw new Error('the sources app is not started');
    return app;
  };
  return {
    post: (...args) => started().post(...args),
    enqueued: () => started().queue().enqueued,
    base: () => started().base(),
  };
}
