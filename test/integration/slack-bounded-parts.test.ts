import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../src/store/store.js';
import { HttpSink, type ReceivedRequest, type SinkReply } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';

const secret = 'slack-bounded-secret';

/** A 4.9 MB transcript of speaker lines, with text Slack would read as markup. */
function bigTranscript(): string {
  const lines = [
    'Ana: we ship the gateway <today> & then the console',
    'Bo: 👋🏽 the Slack part posts ten parts at most, then the file',
    'Chen: ok, and R&D reviews <@U123> the rest 漢字',
  ];
  let text = '';
  for (let i = 0; text.length < 4_900_000; i++) text += `${lines[i % 3] ?? ''} #${i}\n`;
  return text;
}
const transcript = bigTranscript();

function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface WireBlock {
  readonly type: string;
  readonly block_id?: string;
  readonly text?: { readonly text: string };
  readonly elements?: readonly { readonly text: string }[];
}
interface WirePost {
  readonly text: string;
  readonly blocks: readonly WireBlock[];
  readonly channel?: string;
  readonly thread_ts?: string;
}

function detailOf(posts: readonly WirePost[]): string {
  return posts
    .flatMap((post) => post.blocks)
    .filter((block) => block.block_id?.startsWith('detail-'))
    .map((block) => block.text?.text ?? '')
    .join('');
}
function blockTexts(post: WirePost): string[] {
  return post.blocks.flatMap((block) => [
    block.text?.text ?? '',
    ...(block.elements ?? []).map((e) => e.text),
  ]);
}
function withinLimits(post: WirePost): boolean {
  const texts = blockTexts(post);
  return (
    post.blocks.length <= 50 &&
    texts.every((text) => text.length <= 3000) &&
    texts.reduce((sum, text) => sum + text.length, 0) <= 10_000
  );
}

const event = (id: string, text: string) => ({
  type: 'transcript.completed',
  id,
  data: {
    id: 1,
    headline: 'Quarterly all-hands',
    type: 'meeting',
    created_on: '2026-11-28T15:31:02Z',
    user: { id: 7, first_name: 'Ana', last_name: 'Lima' },
    text,
  },
});

const config = (target: string) => `
server:
  shutdownTimeoutMs: 200
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["\${WEBHOOK_SECRET}"] }
    events:
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
  slack:
    type: slack
    pace: { perSecond: 100, burst: 100 }
    retry: { attempts: 3, baseDelay: 10ms, maxDelay: 10ms }
${target}
routes:
  - name: transcripts
    events: transcript.completed
    to: slack
    message:
      title: '{{ event.data.headline }}'
      text: '*{{ event.data.user | full_name }}*'
      detail: '{{ event.data.text }}'
`;

/** The Slack Web API and its upload URL, on the sink: answers as Slack does; `hold` decides per chat post. */
function slackApi(
  sink: HttpSink,
  hold: (post: number) => SinkReply | Promise<SinkReply> | undefined = () => undefined,
) {
  let posts = 0;
  const json = (body: unknown): SinkReply => ({
    status: 200,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
  sink.reply = (request: ReceivedRequest) => {
    if (request.url === '/api/chat.postMessage') {
      posts++;
      const held = hold(posts);
      if (held) return held;
      return json({ ok: true, channel: 'C0TRANSCRIPTS', ts: `1764345600.${String(posts).padStart(6, '0')}` });
    }
    if (request.url === '/api/files.getUploadURLExternal') {
      return json({ ok: true, upload_url: `${sink.url}/upload/v1/F0FILE`, file_id: 'F0FILE' });
    }
    if (request.url === '/upload/v1/F0FILE') return { status: 200, body: `OK - ${request.body.length}` };
    if (request.url === '/api/files.completeUploadExternal')
      return json({ ok: true, files: [{ id: 'F0FILE' }] });
    return { status: 404, body: 'not found' };
  };
}

const botTarget = (url: string) => `    token: xoxb-test
    channel: '#transcripts'
    apiUrl: "${url}/api"
    timeoutMs: 60000`;

describe('a transcript longer than Slack parts can hold', () => {
  const sink = new HttpSink();
  let running: TestGateway | undefined;

  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await sink.stop();
    sink.requests.length = 0;
  });

  async function deliver(id: string, text = transcript): Promise<DeliveryRecord> {
    const gateway = running!.gateway;
    const response = await postSigned(`${gateway.url}/webhook`, event(id, text), secret);
    expect(response.status).toBe(200);
    const { id: eventId } = (await response.json()) as { id: string };
    return finished(eventId);
  }

  function finished(eventId: string): Promise<DeliveryRecord> {
    return waitUntil(
      'the Slack delivery to finish',
      async () => {
        const delivery = (await running!.gateway.store.getEvent(eventId))?.deliveries[0]?.delivery;
        return delivery?.status === 'delivered' || delivery?.status === 'dead' ? delivery : undefined;
      },
      30_000,
    );
  }

  const chatPosts = () =>
    sink.requests.filter((r) => r.url === '/api/chat.postMessage').map((r) => JSON.parse(r.body) as WirePost);

  it('incoming webhook, 4.9 MB: ten parts on the first attempt, the last saying how much was cut', async () => {
    await sink.start();
    running = await startTestGateway({
      yaml: config(`    webhookUrl: "\${SLACK_WEBHOOK_URL}"`),
      env: { WEBHOOK_SECRET: secret, SLACK_WEBHOOK_URL: `${sink.url}/services/T0/B0/X` },
    });
    expect(await deliver('evt-webhook')).toMatchObject({ status: 'delivered', attempts: 1 });
    const posts = sink.jsonBodies() as WirePost[];
    expect(posts).toHaveLength(10);
    expect(posts.every(withinLimits)).toBe(true);
    posts.forEach((post, i) => expect(blockTexts(post).join('\n')).toContain(`(part ${i + 1} of 10)`));
    const shown = detailOf(posts);
    expect(escapeSlack(transcript).startsWith(shown)).toBe(true);
    const shownRaw = shown.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const left = Array.from(transcript.slice(shownRaw.length)).length;
    expect(blockTexts(posts[9]!)).toContain(
      `… truncated, ${left.toLocaleString('en-US')} more characters not shown.`,
    );
  });

  it('incoming webhook, 5 MB of "<": ten parts of entities, nothing cut inside one', async () => {
    await sink.start();
    running = await startTestGateway({
      yaml: config(`    webhookUrl: "\${SLACK_WEBHOOK_URL}"`),
      env: { WEBHOOK_SECRET: secret, SLACK_WEBHOOK_URL: `${sink.url}/services/T0/B0/X` },
    });
    const text = '<'.repeat(5_000_000);
    expect(await deliver('evt-lt', text)).toMatchObject({ status: 'delivered', attempts: 1 });
    const posts = sink.jsonBodies() as WirePost[];
    expect(posts).toHaveLength(10);
    const shown = detailOf(posts);
    expect(shown).toMatch(/^(&lt;)+$/);
    const left = 5_000_000 - shown.length / 4;
    expect(blockTexts(posts[9]!)).toContain(
      `… truncated, ${left.toLocaleString('en-US')} more characters not shown.`,
    );
  });

  it('bot token: the parent, ten replies, then the whole transcript as a file in the thread', async () => {
    await sink.start();
    slackApi(sink);
    running = await startTestGateway({ yaml: config(botTarget(sink.url)), env: { WEBHOOK_SECRET: secret } });
    expect(await deliver('evt-bot')).toMatchObject({ status: 'delivered', attempts: 1 });

    const posts = chatPosts();
    expect(posts).toHaveLength(11);
    expect(posts.every(withinLimits)).toBe(true);
    expect(posts.every((post) => post.channel === '#transcripts')).toBe(true);
    expect(posts.slice(1).every((post) => post.thread_ts === '1764345600.000001')).toBe(true);

    const urls = sink.requests.map((r) => r.url);
    expect(urls.slice(11)).toEqual([
      '/api/files.getUploadURLExternal',
      '/upload/v1/F0FILE',
      '/api/files.completeUploadExternal',
    ]);
    const [ticket, upload, complete] = sink.requests.slice(11);
    const bytes = Buffer.byteLength(transcript, 'utf8');
    expect(ticket?.headers.authorization).toBe('Bearer xoxb-test');
    expect(Object.fromEntries(new URLSearchParams(ticket!.body))).toEqual({
      filename: 'transcript.txt',
      length: String(bytes),
    });
    expect(upload?.headers.authorization).toBeUndefined();
    expect(upload?.body).toBe(transcript);
    expect(JSON.parse(complete!.body)).toEqual({
      files: [{ id: 'F0FILE', title: 'Quarterly all-hands' }],
      channel_id: 'C0TRANSCRIPTS',
      thread_ts: '1764345600.000001',
    });
  });

  it('a failure in the middle is retried from there: no part is posted twice', async () => {
    await sink.start();
    slackApi(sink, (post) =>
      post === 4 ? { status: 500, body: '{"ok":false,"error":"internal_error"}' } : undefined,
    );
    running = await startTestGateway({ yaml: config(botTarget(sink.url)), env: { WEBHOOK_SECRET: secret } });
    expect(await deliver('evt-retry')).toMatchObject({ status: 'delivered', attempts: 2 });
    const texts = chatPosts().map((post) => JSON.stringify(post.blocks));
    expect(texts).toHaveLength(12);
    // The fourth post failed and was sent again; every other part went once.
    expect(texts[3]).toBe(texts[4]);
    expect(new Set(texts).size).toBe(11);
    expect(sink.requests.filter((r) => r.url === '/api/files.completeUploadExternal')).toHaveLength(1);
  });

  it('a new gateway on the same data folder continues after the parts already posted', async () => {
    await sink.start();
    let release: (() => void) | undefined;
    // The fourth post hangs until the first gateway is gone, as if Slack stalled during a deploy.
    slackApi(sink, (post) =>
      post === 4
        ? new Promise<SinkReply>((resolve) => (release = () => resolve({ status: 502, body: '' })))
        : undefined,
    );
    const yaml = config(botTarget(sink.url));
    running = await startTestGateway({ yaml, env: { WEBHOOK_SECRET: secret } });
    const response = await postSigned(
      `${running.gateway.url}/webhook`,
      event('evt-restart', transcript),
      secret,
    );
    const { id: eventId } = (await response.json()) as { id: string };
    await sink.waitFor(4, 15_000);
    const dir = running.dir;
    await running.stop({ keepDir: true });
    release?.();

    running = await startTestGateway({ yaml, env: { WEBHOOK_SECRET: secret }, dir });
    expect(await finished(eventId)).toMatchObject({ status: 'delivered' });
    const texts = chatPosts().map((post) => JSON.stringify(post.blocks));
    expect(texts).toHaveLength(12);
    expect(new Set(texts).size).toBe(11);
    // Only the post in flight when the first gateway stopped (never answered) was sent again.
    expect(texts[3]).toBe(texts[4]);
    expect(sink.requests.filter((r) => r.url === '/api/files.completeUploadExternal')).toHaveLength(1);
  });
});
