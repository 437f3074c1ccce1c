import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpSink } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { repoRoot, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';

const run = promisify(execFile);
const secret = 'routes-test-secret';
const crmSecret = 'crm-connect-it-secret';
const crmKey = 'crm-api-key-4711';
const webhookPath = '/services/T000/B000/ROUTESTEST';

const config = `
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["\${WEBHOOK_SECRET}"] }
    events:
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
  team-slack:
    type: slack
    webhookUrl: "\${SLACK_WEBHOOK_URL}"
    pace: { perSecond: 100, burst: 100 }
    retry: none
  crm:
    type: http
    url: "\${SINK_URL}/crm?key=\${CRM_KEY}"
    headers: { x-team: research }
    sign: { scheme: connect-it, secret: "\${CRM_SECRET}" }
    retry: none
routes:
  - name: meetings-to-slack
    events: transcript.*
    filter: { field: data.type, eq: meeting }
    to: team-slack
    message:
      title: '{{ event.data.headline }}'
      text: '*{{ event.data.user | full_name }}* · {{ event.data.created_on | date: "%-d %b %Y, %H:%M UTC" }}'
      detail: '{{ event.data.text }}'
  - name: meetings-to-crm
    events: transcript.completed
    filter: { all: [{ field: data.type, eq: meeting }, { field: data.user.id, exists: true }] }
    to: crm
    message:
      body: '{"title": "{{ event.data.headline }}", "owner": "{{ event.data.user | full_name }}"}'
      query.type: '{{ event.data.type }}'
      header.X-Owner: '{{ event.data.user | full_name }} — 👋🏽'
`;

interface Preview {
  readonly route: string;
  readonly target: string;
  readonly type: string;
  readonly request: unknown;
}

interface HttpPreview {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A long enough text (about 12,000 characters, hostile bits included) that Slack gets it in several parts. */
const longText = Array.from(
  { length: 160 },
  (_, i) =>
    `Speaker ${i % 4}: line ${i} of the meeting, <!here> & "quotes" 👋🏽 𝄞 漢字 and more words to fill it.`,
).join('\n');

const transcript = (id: string, type: string, headline: string): Record<string, unknown> => ({
  type: 'transcript.completed',
  id,
  created_on: '2026-11-28T16:04:11Z',
  data: {
    id: 48213,
    headline,
    type,
    created_on: '2026-11-28T15:31:02Z',
    user: { id: 731, first_name: 'Ana', last_name: 'Lima' },
    text: longText,
  },
});

describe('routes test previews exactly what the gateway then sends', () => {
  const sink = new HttpSink();
  let running: TestGateway;
  let env: Record<string, string>;

  beforeAll(async () => {
    await sink.start();
    env = {
      WEBHOOK_SECRET: secret,
      SLACK_WEBHOOK_URL: `${sink.url}${webhookPath}`,
      SINK_URL: sink.url,
      CRM_SECRET: crmSecret,
      CRM_KEY: crmKey,
    };
    running = await startTestGateway({ yaml: config, env });
  });
  afterAll(async () => {
    await running.stop();
    await sink.stop();
  });
  beforeEach(() => {
    sink.requests.length = 0;
  });

  /** Writes the payload beside the config and runs the built CLI's `routes test` on it. */
  async function routesTest(name: string, payload: string, ...flags: string[]): Promise<string> {
    const file = join(running.dir, name);
    writeFileSync(file, payload);
    const { stdout } = await run(
      process.execPath,
      [
        join(repoRoot, 'dist', 'src', 'cli.js'),
        'routes',
        'test',
        '--event',
        file,
        '--config',
        running.configFile,
        ...flags,
      ],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 15_000 },
    );
    return stdout;
  }

  /** Posts the raw payload signed; resolves once every delivery of the event is finished. */
  async function deliver(payload: string, expected: number): Promise<string> {
    const response = await postSigned(`${running.gateway.url}/webhook`, undefined, secret, { body: payload });
    expect(response.status).toBe(200);
    const accepted = (await response.json()) as { id: string; deliveries: number };
    expect(accepted.deliveries).toBe(expected);
    await waitUntil('every delivery to finish', async () => {
      const detail = await running.gateway.store.getEvent(accepted.id);
      const done = detail?.deliveries.every(({ delivery }) => delivery.status === 'delivered');
      return done ? true : undefined;
    });
    return accepted.id;
  }

  it('the Slack posts and the HTTP request the gateway makes deep-equal the dry run', async () => {
    const payload = JSON.stringify(transcript('evt-rt-1', 'meeting', 'Roll-out <b>review</b> & "sign-off"'));
    const stdout = await routesTest('match.json', payload, '--json');
    // A dry run sends nothing; it also never shows the webhook URL, a secret.
    expect(sink.requests).toHaveLength(0);
    expect(stdout).not.toContain(webhookPath);

    const previews = JSON.parse(stdout) as Preview[];
    expect(previews.map((p) => [p.route, p.target, p.type])).toEqual([
      ['meetings-to-slack', 'team-slack', 'slack'],
      ['meetings-to-crm', 'crm', 'http'],
    ]);
    const slackPosts = previews[0]?.request as { method: string; url: string; body: unknown }[];
    const crmRequest = previews[1]?.request as HttpPreview;
    expect(slackPosts.length).toBeGreaterThan(1);
    expect(slackPosts.every((post) => post.method === 'POST')).toBe(true);

    const eventId = await deliver(payload, 2);

    const slackSent = sink.requests.filter((r) => r.url === webhookPath);
    expect(slackSent.map((r) => JSON.parse(r.body) as unknown)).toEqual(slackPosts.map((post) => post.body));

    const crmSent = sink.requests.filter((r) => r.url.startsWith('/crm'));
    expect(crmSent).toHaveLength(1);
    const sent = crmSent[0]!;
    expect(sent.method).toBe(crmRequest.method);
    // The exact URL, templated query included; the URL's own query value (a key) is masked in the preview.
    expect(crmRequest.url).toBe(`${sink.url}/crm?key=[redacted]&type=meeting`);
    expect(sent.url).toBe(`/crm?key=${crmKey}&type=meeting`);
    expect(stdout).not.toContain(crmKey);
    // A header value beyond ASCII goes as an RFC 8187 ext-value (Node would refuse it as it is).
    expect(crmRequest.headers['x-owner']).toBe("UTF-8''Ana%20Lima%20%E2%80%94%20%F0%9F%91%8B%F0%9F%8F%BD");
    expect(sent.body).toBe(crmRequest.body);
    expect(JSON.parse(sent.body)).toEqual({
      title: 'Roll-out <b>review</b> & "sign-off"',
      owner: 'Ana Lima',
    });
    for (const [header, value] of Object.entries(crmRequest.headers)) {
      if (header === 'idempotency-key') expect(sent.headers[header]).toBe(`${eventId}~meetings-to-crm~crm`);
      else if (header === 'x-connect-it-token')
        expect(sent.headers[header]).toBe(createHmac('sha256', crmSecret).update(sent.body).digest('hex'));
      else expect(sent.headers[header]).toBe(value);
    }
    expect(sink.requests).toHaveLength(slackPosts.length + 1);
  });

  it('a filter that does not match: the dry run shows no route and the gateway sends nothing', async () => {
    const unmatched = JSON.stringify(transcript('evt-rt-2', 'interview', 'Not a meeting'));
    expect(JSON.parse(await routesTest('unmatched.json', unmatched, '--json'))).toEqual([]);
    expect(await routesTest('unmatched.json', unmatched)).toBe(
      'no route matches this event: nothing would be sent\n',
    );
    await deliver(unmatched, 0);

    // Absence proven by what comes next: a matching event arrives, and only its requests reach the sink.
    const matching = JSON.stringify(transcript('evt-rt-3', 'meeting', 'The one that matches'));
    const previews = JSON.parse(await routesTest('matching.json', matching, '--json')) as Preview[];
    const expected = (previews[0]?.request as unknown[]).length + 1;
    await deliver(matching, 2);
    expect(sink.requests).toHaveLength(expected);
    for (const request of sink.requests) {
      expect(request.body).toContain('The one that matches');
      expect(request.body).not.toContain('Not a meeting');
    }
  });
});
