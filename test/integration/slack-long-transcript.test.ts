import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../src/store/store.js';
import { HttpSink } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';

const secret = 'slack-long-secret';
const transcriptLength = 60_000;
const hostile = '<!channel> & <@U123>';

/**
 * A 60,000-character transcript: speaker lines of many lengths with emoji, ZWJ sequences and non-BMP characters,
 * hostile mention text, and lines with no break in them (one of words, one of emoji, one of `&<>`) that force
 * cuts at word, grapheme and escape-entity boundaries.
 */
function longTranscript(): string {
  const speakers = ['Ana', 'Bo', 'Chen'];
  const words = ['gateway', 'roll-out', '👋🏽', '𝄞', 'família', '漢字', '👨‍👩‍👧', 'R&D', 'ok', 'next', hostile];
  let text = '';
  for (let i = 0; ; i++) {
    let line: string;
    if (i === 40) line = Array.from({ length: 900 }, (_, j) => words[j % 10]).join(' ');
    else if (i === 80) line = '👍🏽'.repeat(1200);
    else if (i === 120) line = '&<>'.repeat(1100);
    else {
      const count = 3 + ((i * 7) % 37);
      const said = Array.from({ length: count }, (_, j) => words[(i + j) % words.length]).join(' ');
      line = `${speakers[i % 3] ?? ''}: ${said}`;
    }
    if (text.length + line.length + 1 > transcriptLength) break;
    text += `${line}\n`;
  }
  return `${text}${'z'.repeat(transcriptLength - text.length - 4)} end`;
}

const transcript = longTranscript();

interface SlackTextObject {
  readonly type: string;
  readonly text: string;
}

interface SlackBlockOnWire {
  readonly type: string;
  readonly block_id?: string;
  readonly text?: SlackTextObject;
  readonly elements?: readonly SlackTextObject[];
}

interface SlackPostOnWire {
  readonly text: string;
  readonly blocks: readonly SlackBlockOnWire[];
  readonly channel?: string;
  readonly thread_ts?: string;
  readonly link_names?: unknown;
}

/** Every way a message breaks Slack's documented limits (empty when it fits). */
function limitProblems(post: SlackPostOnWire, index: number): string[] {
  const problems: string[] = [];
  const at = `message ${index + 1}`;
  if (post.text.length === 0 || post.text.length > 40_000) problems.push(`${at}: text ${post.text.length}`);
  if (post.blocks.length === 0 || post.blocks.length > 50)
    problems.push(`${at}: ${post.blocks.length} blocks`);
  for (const block of post.blocks) {
    const objects = block.type === 'context' ? (block.elements ?? []) : block.text ? [block.text] : [];
    if (objects.length === 0) problems.push(`${at}: ${block.type} block without text`);
    const max = block.type === 'header' ? 150 : 3_000;
    for (const object of objects) {
      if (object.text.trim().length === 0 || object.text.length > max)
        problems.push(`${at}: ${block.type} text of ${object.text.length} characters`);
    }
  }
  if (post.link_names !== undefined) problems.push(`${at}: link_names set`);
  return problems;
}

function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The detail sections of the posts, in order, joined and unescaped: what a reader sees of the transcript. */
function detailOf(posts: readonly SlackPostOnWire[]): string {
  const chunks = posts.flatMap((post) =>
    post.blocks.filter((block) => block.type === 'section' && block.block_id?.startsWith('detail-')),
  );
  return unescapeSlack(chunks.map((block) => block.text?.text ?? '').join(''));
}

function allTexts(post: SlackPostOnWire): string {
  return [
    post.text,
    ...post.blocks.flatMap((block) => [block.text?.text ?? '', ...(block.elements ?? []).map((e) => e.text)]),
  ].join('\n');
}

const event = (id: string): Record<string, unknown> => ({
  type: 'transcript.completed',
  id,
  created_on: '2026-11-28T16:04:11Z',
  data: {
    id: 48213,
    headline: 'Quarterly all-hands 🎉',
    type: 'meeting',
    created_on: '2026-11-28T15:31:02Z',
    user: { id: 731, first_name: 'Ana', last_name: 'Lima' },
    text: transcript,
  },
});

const config = (target: string): string => `
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["\${WEBHOOK_SECRET}"] }
    events:
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
${target}
routes:
  - name: transcripts
    events: transcript.completed
    to: slack
    message:
      title: '{{ event.data.headline }}'
      text: '*{{ event.data.user | full_name }}* · {{ event.data.created_on | date: "%-d %b %Y, %H:%M UTC" }}'
      detail: '{{ event.data.text }}'
`;

describe('a 60,000-character transcript through the gateway to Slack', () => {
  const sink = new HttpSink();
  let running: TestGateway | undefined;

  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await sink.stop();
    sink.requests.length = 0;
  });

  /** Posts the event signed and resolves with its delivery once the gateway has finished it. */
  async function deliver(id: string): Promise<DeliveryRecord> {
    const gateway = running!.gateway;
    const response = await postSigned(`${gateway.url}/webhook`, event(id), secret);
    expect(response.status).toBe(200);
    const accepted = (await response.json()) as { id: string; deliveries: number };
    expect(accepted.deliveries).toBe(1);
    return waitUntil(
      'the Slack delivery to finish',
      async () => {
        const detail = await gateway.store.getEvent(accepted.id);
        const delivery = detail?.deliveries[0]?.delivery;
        return delivery && (delivery.status === 'delivered' || delivery.status === 'dead')
          ? delivery
          : undefined;
      },
      15_000,
    );
  }

  it('incoming webhook: numbered messages within every limit that hold the whole transcript in order', async () => {
    await sink.start();
    running = await startTestGateway({
      yaml: config(`  slack:
    type: slack
    webhookUrl: "\${SLACK_WEBHOOK_URL}"
    pace: { perSecond: 100, burst: 100 }
    retry: none`),
      env: { WEBHOOK_SECRET: secret, SLACK_WEBHOOK_URL: `${sink.url}/services/T000/B000/XXXX` },
    });

    expect(transcript).toHaveLength(60_000);
    const delivery = await deliver('evt-long-webhook');
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });

    const posts = sink.jsonBodies() as SlackPostOnWire[];
    expect(posts.length).toBeGreaterThan(1);
    expect(sink.requests.every((r) => r.url === '/services/T000/B000/XXXX')).toBe(true);
    expect(posts.flatMap(limitProblems)).toEqual([]);
    posts.forEach((post, i) => expect(allTexts(post)).toContain(`(part ${i + 1} of ${posts.length})`));

    const first = posts[0]!;
    expect(first.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Quarterly all-hands 🎉' } });
    expect(allTexts(first)).toContain('*Ana Lima* · 28 Nov 2026, 15:31 UTC');

    expect(detailOf(posts)).toBe(transcript);
    for (const request of sink.requests) {
      expect(request.body).not.toContain('<!channel>');
      expect(request.body).not.toContain('<@U123>');
    }
    expect(sink.requests.some((r) => r.body.includes('&lt;!channel&gt; &amp; &lt;@U123&gt;'))).toBe(true);
  });

  it('bot token: the parent post, then thread replies under its ts that hold the whole transcript in order', async () => {
    let ts = 1_764_345_600;
    sink.reply = (request) => {
      if (request.url !== '/api/chat.postMessage') return { status: 404, body: 'not found' };
      const body = JSON.stringify({ ok: true, ts: `${++ts}.000100`, channel: 'C123' });
      return { status: 200, body, headers: { 'content-type': 'application/json; charset=utf-8' } };
    };
    await sink.start();
    running = await startTestGateway({
      yaml: config(`  slack:
    type: slack
    token: xoxb-test
    channel: C123
    apiUrl: "${sink.url}/api"
    pace: { perSecond: 100, burst: 100 }
    retry: none`),
      env: { WEBHOOK_SECRET: secret },
    });

    const delivery = await deliver('evt-long-bot');
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });

    expect(sink.requests.length).toBeGreaterThan(2);
    for (const request of sink.requests) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/api/chat.postMessage');
      expect(request.headers.authorization).toBe('Bearer xoxb-test');
      expect(request.headers['content-type']).toMatch(/^application\/json; charset=utf-8$/i);
      expect(request.body).not.toContain('<!channel>');
      expect(request.body).not.toContain('<@U123>');
    }
    const posts = sink.jsonBodies() as SlackPostOnWire[];
    expect(posts.flatMap(limitProblems)).toEqual([]);
    expect(posts.every((post) => post.channel === 'C123')).toBe(true);

    const [parent, ...replies] = posts;
    expect(parent?.thread_ts).toBeUndefined();
    expect(parent?.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Quarterly all-hands 🎉' } });
    expect(allTexts(parent!)).toContain('*Ana Lima* · 28 Nov 2026, 15:31 UTC');
    expect(detailOf([parent!])).toBe('');

    const parentTs = '1764345601.000100';
    expect(replies.map((reply) => reply.thread_ts)).toEqual(replies.map(() => parentTs));
    expect(detailOf(replies)).toBe(transcript);
  });
});
