import nock from 'nock';
import { got } from 'got';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../../src/errors.js';
import { slackPlugin } from '../../../../src/targets/slack/slack-plugin.js';
import type { TargetDeps } from '../../../../src/targets/target.js';
import type { JsonObject } from '../../../../src/types.js';
import { MemoryProgress } from '../../../helpers/memory-progress.js';
import { insertedMessage, rawTranscript } from './long-transcript.js';
import { createPacerRegistry } from '../../../../src/targets/shared/pacer-registry.js';

const hooks = 'https://hooks.slack.com';
const hookPath = '/services/T000/B000/s3cretWebhookPart';
const webhookUrl = `${hooks}${hookPath}`;
const api = 'https://slack.test';
const token = 'xoxb-1111-2222-s3cretToken';

const message = insertedMessage;
const short = message({ title: 'Weekly planning', text: '*Ana Lima* · today', detail: 'Ana: hello' });

/** Fresh deps per test (pacers are shared per deps) with a clock that moves only when slept on. */
function testDeps(): TargetDeps & { sleeps: number[]; progress: MemoryProgress } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    http: got.extend({}),
    logger: pino({ level: 'silent' }),
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    progress: new MemoryProgress(),
    pacers: createPacerRegistry(),
    sleeps,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<DeliveryError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  expect(error.message).not.toContain('s3cret');
  return error;
}

const ctx = { deliveryId: 'dlv_1', attempt: 1, round: 1 };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('slack target: incoming webhook', () => {
  const create = (extra: JsonObject = {}, deps = testDeps()) =>
    slackPlugin.create('team-slack', { webhookUrl, ...extra }, deps);

  it('posts the previewed body and succeeds on 200 ok', async () => {
    const target = create();
    const bodies: unknown[] = [];
    const scope = nock(hooks)
      .post(hookPath, (body: unknown) => bodies.push(body) > 0)
      .matchHeader('content-type', 'application/json; charset=utf-8')
      .reply(200, 'ok');
    expect(await target.send(short, ctx)).toEqual({ status: 200, detail: 'posted 1 Slack message' });
    scope.done();
    const preview = target.preview(short) as { method: string; url: string; body: unknown }[];
    expect(preview).toEqual([{ method: 'POST', url: '<redacted slack webhook>', body: bodies[0] }]);
    expect(JSON.stringify(preview)).not.toContain('s3cret');
  });

  it('400 invalid_payload is permanent', async () => {
    nock(hooks).post(hookPath).reply(400, 'invalid_payload');
    const error = await failureOf(create().send(short, ctx));
    expect([error.kind, error.status]).toEqual(['permanent', 400]);
    expect(error.message).toContain('invalid_payload');
  });

  it('404 channel_not_found is permanent and names the error', async () => {
    nock(hooks).post(hookPath).reply(404, 'channel_not_found');
    const error = await failureOf(create().send(short, ctx));
    expect([error.kind, error.status]).toEqual(['permanent', 404]);
    expect(error.message).toContain('channel_not_found');
  });

  it('429 with Retry-After: 7 is retryable after 7000 ms, and holds the channel meanwhile', async () => {
    const target = create();
    nock(hooks).post(hookPath).reply(429, 'rate_limited', { 'Retry-After': '7' });
    const error = await failureOf(target.send(short, ctx));
    expect([error.kind, error.status, error.retryAfterMs]).toEqual(['retryable', 429, 7000]);
    // Nothing is mocked now: another post would fail with "No match"; the hold answers without posting.
    const held = await failureOf(target.send(short, { ...ctx, deliveryId: 'dlv_2' }));
    expect(held.kind).toBe('retryable');
    expect(held.retryAfterMs).toBe(7000);
  });

  it('500 is retryable', async () => {
    nock(hooks).post(hookPath).reply(500, 'rollup_error');
    const error = await failureOf(create().send(short, ctx));
    expect([error.kind, error.status]).toEqual(['retryable', 500]);
  });

  it('a network failure is retryable and does not reveal the URL', async () => {
    nock(hooks)
      .post(hookPath)
      .replyWithError(Object.assign(new Error(`socket hang up ${webhookUrl}`), { code: 'ECONNRESET' }));
    const error = await failureOf(create().send(short, ctx));
    expect(error.kind).toBe('retryable');
    expect(error.message).toBe('Slack request failed (ECONNRESET)');
  });

  it('a request over timeoutMs is retryable', async () => {
    nock(hooks).post(hookPath).delay(2000).reply(200, 'ok');
    const error = await failureOf(create({ timeoutMs: 100 }).send(short, ctx));
    expect([error.kind, error.message]).toEqual(['retryable', 'Slack request timed out']);
  });

  it('posts every part of a long detail in order, paced, and only the rest on a retry', async () => {
    const deps = testDeps();
    const target = create({}, deps);
    const long = message({ title: 'Weekly planning', text: 'who', detail: rawTranscript(60_000) });
    const expected = (target.preview(long) as { body: JsonObject }[]).map((request) => request.body);
    expect(expected.length).toBeGreaterThan(5);
    const bodies: unknown[] = [];
    nock(hooks)
      .post(hookPath, (body: unknown) => bodies.push(body) > 0)
      .times(3)
      .reply(200, 'ok')
      .post(hookPath)
      .reply(503, 'service_unavailable');
    const error = await failureOf(target.send(long, ctx));
    expect(error.kind).toBe('retryable');
    expect(error.message).toContain(`(after 3 of ${expected.length} Slack messages were posted)`);

    nock(hooks)
      .post(hookPath, (body: unknown) => bodies.push(body) > 0)
      .times(expected.length - 3)
      .reply(200, 'ok');
    await target.send(long, { ...ctx, attempt: 2 });
    expect(bodies).toEqual(expected);
    expect(deps.sleeps.every((ms) => ms > 0 && ms <= 1000)).toBe(true);
    // A burst of 3, then one slot a second, the failed fourth post included.
    expect(deps.sleeps.length).toBe(expected.length - 2);
  });
});

describe('slack target: bot token', () => {
  const create = (deps = testDeps()) =>
    slackPlugin.create('team-bot', { token, channel: 'C0123', apiUrl: `${api}/api/` }, deps);
  const posts = () => nock(api).post('/api/chat.postMessage').matchHeader('authorization', `Bearer ${token}`);

  it('posts the parent, then the detail as replies in its thread', async () => {
    const target = create();
    const long = message({
      title: 'Weekly planning',
      text: '*Ana Lima* · today',
      detail: rawTranscript(20_000),
    });
    const preview = target.preview(long) as { url: string; body: JsonObject; replyTo?: string }[];
    expect(preview.length).toBeGreaterThan(2);
    expect(preview.every((p) => p.url === `${api}/api/chat.postMessage`)).toBe(true);
    expect(preview.slice(1).every((p) => p.replyTo === 'first message')).toBe(true);
    expect(JSON.stringify(preview)).not.toContain('s3cret');

    const bodies: JsonObject[] = [];
    nock(api)
      .post('/api/chat.postMessage', (body: JsonObject) => bodies.push(body) > 0)
      .matchHeader('authorization', `Bearer ${token}`)
      .times(preview.length)
      .reply(200, () => ({ ok: true, ts: `1700000000.00010${bodies.length}`, channel: 'C0123' }));
    expect(await target.send(long, ctx)).toEqual({
      status: 200,
      detail: `posted ${preview.length} Slack messages`,
    });

    expect(bodies[0]).toEqual(preview[0]!.body);
    expect(bodies[0]!.thread_ts).toBeUndefined();
    bodies.slice(1).forEach((body, i) => {
      expect(body).toEqual({ ...preview[i + 1]!.body, thread_ts: '1700000000.000101' });
    });
    expect(bodies.every((body) => body.channel === 'C0123')).toBe(true);
  });

  it('ok:false channel_not_found is permanent', async () => {
    posts().reply(200, { ok: false, error: 'channel_not_found' });
    const error = await failureOf(create().send(short, ctx));
    expect([error.kind, error.status]).toEqual(['permanent', 200]);
    expect(error.message).toContain('channel_not_found');
  });

  it('ok:false ratelimited with 429 Retry-After is retryable after that long', async () => {
    posts().reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '30' });
    const error = await failureOf(create().send(short, ctx));
    expect([error.kind, error.retryAfterMs]).toEqual(['retryable', 30_000]);
  });

  it('a failed reply is retried without posting the parent again', async () => {
    const target = create();
    const long = message({ title: 'T', text: 'who', detail: 'Ana: hello\n'.repeat(2000) });
    const bodies: JsonObject[] = [];
    const record = (body: JsonObject) => bodies.push(body) > 0;
    posts().reply(200, { ok: true, ts: '1.000001' });
    nock(api).post('/api/chat.postMessage').reply(200, { ok: false, error: 'internal_error' });
    const error = await failureOf(target.send(long, ctx));
    expect(error.kind).toBe('retryable');

    nock(api).post('/api/chat.postMessage', record).times(10).reply(200, { ok: true, ts: '2.0' });
    await target.send(long, { ...ctx, attempt: 2 });
    expect(bodies.length).toBe((target.preview(long) as unknown[]).length - 1);
    expect(bodies.every((body) => body.thread_ts === '1.000001')).toBe(true);
    nock.cleanAll();
  });

  it('closes without error', async () => {
    await expect(create().close()).resolves.toBeUndefined();
  });
});

describe('slack target: bot token, a transcript longer than its parts', () => {
  const huge = message({ title: 'All hands', text: 'who', detail: rawTranscript(300_000) });
  const files = 'https://files.slack.test';
  const create = (deps: ReturnType<typeof testDeps>) =>
    slackPlugin.create('team-bot', { token, channel: '#ops', apiUrl: `${api}/api` }, deps);

  /** Slack's side: chat.postMessage answering with growing ts, and the three steps of a file upload. */
  function slack(options: { failPost?: number; failUpload?: boolean; scope?: boolean } = {}) {
    const seen = {
      posts: [] as JsonObject[],
      file: undefined as string | undefined,
      completed: [] as unknown[],
    };
    nock(api)
      .persist()
      .post('/api/chat.postMessage')
      .reply((_uri, body) => {
        seen.posts.push(body as JsonObject);
        if (seen.posts.length === options.failPost) return [500, { ok: false, error: 'internal_error' }];
        return [
          200,
          { ok: true, channel: 'C0OPS', ts: `1700000000.${String(seen.posts.length).padStart(6, '0')}` },
        ];
      })
      .post('/api/files.getUploadURLExternal')
      .reply(() =>
        options.scope === false
          ? [200, { ok: false, error: 'missing_scope' }]
          : [200, { ok: true, upload_url: `${files}/upload/abc`, file_id: 'F1' }],
      )
      .post('/api/files.completeUploadExternal')
      .reply((_uri, body) => {
        seen.completed.push(body);
        return [200, { ok: true }];
      });
    nock(files)
      .persist()
      .post('/upload/abc')
      .reply((_uri, body) => {
        if (options.failUpload) return [503, 'try later'];
        seen.file = body as string;
        return [200, 'OK'];
      });
    return seen;
  }

  it('posts maxParts messages, then shares the whole transcript in the thread, saving each step but the last', async () => {
    const deps = testDeps();
    const seen = slack();
    const receipt = await create(deps).send(huge, ctx);
    expect(receipt).toEqual({ status: 200, detail: 'posted 11 Slack messages and shared transcript.txt' });
    expect(seen.posts).toHaveLength(11);
    expect(seen.posts.slice(1).every((post) => post.thread_ts === '1700000000.000001')).toBe(true);
    expect(seen.file).toBe(rawTranscript(300_000));
    expect(seen.completed).toEqual([
      { files: [{ id: 'F1', title: 'All hands' }], channel_id: 'C0OPS', thread_ts: '1700000000.000001' },
    ]);
    expect(deps.progress.saves).toBe(11);
  });

  it('after a failure in the middle, a new process on the same store posts only the rest', async () => {
    const progress = new MemoryProgress();
    const first = { ...testDeps(), progress };
    const seen = slack({ failPost: 4 });
    const error = await failureOf(create(first).send(huge, ctx));
    expect(error.kind).toBe('retryable');
    expect(error.message).toContain('(after 3 of 11 Slack messages were posted)');

    const restarted = { ...testDeps(), progress };
    await create(restarted).send(huge, { ...ctx, attempt: 2 });
    const texts = seen.posts.map((post) => post.text);
    // The fourth post failed once and was sent again; no other part twice.
    expect(texts).toHaveLength(12);
    expect(new Set(texts).size).toBe(11);
    expect(texts[3]).toBe(texts[4]);
    expect(seen.completed).toHaveLength(1);
  });

  it('retries a failed upload without posting any part again', async () => {
    const deps = testDeps();
    const seen = slack({ failUpload: true });
    const error = await failureOf(create(deps).send(huge, ctx));
    expect([error.kind, error.status]).toEqual(['retryable', 503]);
    nock.cleanAll();
    const again = slack();
    await create(deps).send(huge, { ...ctx, attempt: 2 });
    expect(seen.posts).toHaveLength(11);
    expect(again.posts).toHaveLength(0);
    expect(again.completed).toHaveLength(1);
  });

  it('without the files:write scope delivers the parts and says in the thread why the file is missing', async () => {
    const deps = testDeps();
    const seen = slack({ scope: false });
    const receipt = await create(deps).send(huge, ctx);
    expect(receipt.detail).toMatch(/^posted 11 Slack messages; the file was not shared: .*missing_scope/);
    expect(seen.posts).toHaveLength(12);
    expect(seen.posts[11]).toMatchObject({ thread_ts: '1700000000.000001' });
    expect(JSON.stringify(seen.posts[11]?.text)).toContain('files:write');
  });

  it('reads ok, channel and ts from an answer longer than it reads', async () => {
    const deps = testDeps();
    const answer = `{"ok":true,"channel":"C0OPS","ts":"1.000001","message":{"text":"${'x'.repeat(1_000_000)}"}}`;
    nock(api).post('/api/chat.postMessage').reply(200, answer, { 'content-type': 'application/json' });
    await expect(create(deps).send(short, ctx)).resolves.toEqual({
      status: 200,
      detail: 'posted 1 Slack message',
    });
  });
});
