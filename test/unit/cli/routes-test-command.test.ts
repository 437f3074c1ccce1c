import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { got } from 'got';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { previewRoutes, runRoutesTest, type RoutePreview } from '../../../src/cli/routes-test-command.js';
import { captureIo, configFolder, type ConfigFolder } from '../../helpers/command-io.js';

const env = {
  HOOKGATE_RT_SECRET: 'rt-secret',
  HOOKGATE_RT_SLACK: 'https://hooks.slack.com/services/T1/B1/SECRETPART',
};

const config = (smtpPort: number): string => `
sources:
  connect-it:
    verify: { scheme: connect-it, secrets: ["\${HOOKGATE_RT_SECRET}"] }
    events:
      test.completed: { schema: config/schemas/test.completed.schema.json }
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
  other:
    path: /other
    verify: { scheme: connect-it, secrets: [other-secret] }
    events: { transcript.completed: }
targets:
  team-slack:
    type: slack
    webhookUrl: "\${HOOKGATE_RT_SLACK}"
  channel:
    type: slack
    token: xoxb-123-secret-token
    channel: C0123456789
  minutes:
    type: email
    url: smtp://mailer:mail-pass@127.0.0.1:${smtpPort}
    from: 'Transcripts <transcripts@example.com>'
    to: team@example.com
    attachTranscript: true
  crm:
    type: http
    url: https://crm.example.com/hooks/transcripts
    headers: { x-team: research }
    sign: { scheme: standard-webhooks, secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw }
routes:
  - name: to-slack
    source: connect-it
    events: transcript.*
    to: [team-slack, channel]
    message:
      title: '{{ event.data.headline }}'
      text: 'by {{ event.data.user | full_name }}'
      detail: '{{ event.data.text }}'
  - name: to-mail
    source: connect-it
    events: transcript.completed
    to: minutes
    message:
      subject: 'Transcript: {{ event.data.headline }}'
      text: '{{ event.data.text }}'
      html: ''
  - name: long-meetings-to-crm
    source: connect-it
    events: transcript.completed
    filter: { field: data.metadata.duration_seconds, gte: 600 }
    to: crm
    message:
      body: '{"title": "{{ event.data.headline }}"}'
`;

const transcript = (duration: number, text = 'Ana: hello <!channel>\nBo: bye'): string =>
  JSON.stringify({
    type: 'transcript.completed',
    id: 'evt_1',
    data: {
      headline: 'Roll-out "review"',
      type: 'meeting',
      user: { first_name: 'Ana', last_name: 'Lima' },
      metadata: { duration_seconds: duration },
      text,
    },
  });

describe('routes test (a dry run)', () => {
  let folder: ConfigFolder;
  let configFile: string;
  /** Every HTTP request nock saw and refused, and every TCP connection made to the "SMTP server". */
  const attempts: string[] = [];
  let smtpConnections = 0;
  let smtp: Server;
  const onNoMatch = (request: { method?: string; href?: string; path?: string }): void => {
    attempts.push(`${request.method ?? ''} ${request.href ?? request.path ?? ''}`);
  };

  beforeAll(async () => {
    smtp = createServer((socket) => {
      smtpConnections++;
      socket.destroy();
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp, 'listening');
    folder = configFolder();
    configFile = folder.write('gateway.yaml', config((smtp.address() as AddressInfo).port));
    nock.disableNetConnect();
    nock.emitter.on('no match', onNoMatch);
  });
  afterEach(() => {
    expect(attempts).toEqual([]);
    expect(smtpConnections).toBe(0);
  });
  afterAll(async () => {
    nock.emitter.removeListener('no match', onNoMatch);
    nock.enableNetConnect();
    nock.cleanAll();
    folder.remove();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('nock is in force here: a real request would be refused and seen', async () => {
    await expect(
      got.post('https://hooks.slack.com/services/T1/B1/X', { retry: { limit: 0 } }),
    ).rejects.toThrow(/Nock: Disallowed net connect/);
    expect(attempts).toHaveLength(1);
    attempts.length = 0;
  });

  it('previews every matching (route, target) with its exact request, and sends nothing', async () => {
    const event = folder.write('long.json', transcript(1860));
    const previews = await previewRoutes({ config: configFile, event }, env);

    expect(previews.map((p) => [p.route, p.target, p.type])).toEqual([
      ['to-slack', 'team-slack', 'slack'],
      ['to-slack', 'channel', 'slack'],
      ['to-mail', 'minutes', 'email'],
      ['long-meetings-to-crm', 'crm', 'http'],
    ]);
    const [webhook, bot, mail, crm] = previews as [RoutePreview, RoutePreview, RoutePreview, RoutePreview];

    expect(webhook.request).toEqual([
      {
        method: 'POST',
        url: '<redacted slack webhook>',
        body: {
          text: 'Roll-out "review"\nby Ana Lima',
          blocks: [
            {
              type: 'header',
              block_id: 'title',
              text: { type: 'plain_text', text: 'Roll-out "review"', emoji: true },
            },
            { type: 'section', block_id: 'text-1', text: { type: 'mrkdwn', text: 'by Ana Lima' } },
            {
              type: 'section',
              block_id: 'detail-1',
              text: { type: 'mrkdwn', text: 'Ana: hello &lt;!channel&gt;\nBo: bye' },
            },
          ],
        },
      },
    ]);
    expect(bot.request).toMatchObject([
      { method: 'POST', url: 'https://slack.com/api/chat.postMessage', body: { channel: 'C0123456789' } },
    ]);

    expect(mail.request).toEqual({
      from: '"Transcripts" <transcripts@example.com>',
      to: ['team@example.com'],
      cc: [],
      subject: 'Transcript: Roll-out "review"',
      text: 'Ana: hello <!channel>\nBo: bye',
      html: null,
      attachments: [{ filename: 'transcript.txt', contentType: 'text/plain; charset=utf-8', size: 29 }],
    });

    expect(crm.request).toEqual({
      method: 'POST',
      url: 'https://crm.example.com/hooks/transcripts',
      headers: {
        'user-agent': 'hookgate',
        'content-type': 'application/json',
        'x-team': 'research',
        'idempotency-key': '<delivery id>',
        'webhook-id': '<delivery id>',
        'webhook-timestamp': '<computed at send>',
        'webhook-signature': '<computed at send>',
      },
      body: '{"title": "Roll-out \\"review\\""}',
    });

    // Secrets stay out of the preview.
    const shown = JSON.stringify(previews);
    for (const secret of ['SECRETPART', 'xoxb-123-secret-token', 'mail-pass', 'whsec_']) {
      expect(shown).not.toContain(secret);
    }
  });

  it('a bot token preview threads a long detail under the first message', async () => {
    const event = folder.write('very-long.json', transcript(60, 'word '.repeat(5_000)));
    const previews = await previewRoutes({ config: configFile, event }, env);
    const bot = previews.find((p) => p.target === 'channel')?.request as {
      body: { thread_ts?: string };
      replyTo?: string;
    }[];
    expect(bot.length).toBeGreaterThan(1);
    expect(bot[0]?.body.thread_ts).toBeUndefined();
    expect(bot.slice(1).every((post) => post.body.thread_ts === '<ts of the first message>')).toBe(true);
    expect(bot.slice(1).every((post) => post.replyTo === 'first message')).toBe(true);
    // The filter of the crm route (duration_seconds >= 600) does not hold for 60 s.
    expect(previews.map((p) => p.target)).not.toContain('crm');
  });

  it('--json prints the previews as JSON; exit 0', async () => {
    const event = folder.write('json.json', transcript(1860));
    const io = captureIo(env);
    expect(await runRoutesTest({ config: configFile, event, json: true }, io)).toBe(0);
    expect(io.stderr).toEqual([]);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual(
      JSON.parse(JSON.stringify(await previewRoutes({ config: configFile, event }, env))),
    );
  });

  it('without --json prints each route and target, then its request', async () => {
    const event = folder.write('text.json', transcript(1860));
    const io = captureIo(env);
    expect(await runRoutesTest({ config: configFile, event }, io)).toBe(0);
    expect(io.stdout.filter((line) => line.startsWith('route '))).toEqual([
      'route to-slack → target team-slack (slack)',
      'route to-slack → target channel (slack)',
      'route to-mail → target minutes (email)',
      'route long-meetings-to-crm → target crm (http)',
    ]);
    expect(io.stdout.join('\n')).toContain('"subject": "Transcript: Roll-out \\"review\\""');
  });

  it('an event no route matches: says so, exit 0', async () => {
    const event = folder.write('test-event.json', JSON.stringify({ type: 'test.completed' }));
    const io = captureIo(env);
    expect(await runRoutesTest({ config: configFile, event }, io)).toBe(0);
    expect(io.stdout).toEqual(['no route matches this event: nothing would be sent']);
    expect(await previewRoutes({ config: configFile, event }, env)).toEqual([]);
  });

  it('--source picks the source: routes of another source do not fire', async () => {
    const event = folder.write('other.json', transcript(1860));
    expect(await previewRoutes({ config: configFile, event, source: 'other' }, env)).toEqual([]);
  });

  const failures: [string, () => { name: string; text: string; source?: string }, RegExp][] = [
    [
      'an unknown source',
      () => ({ name: 'ok.json', text: transcript(60), source: 'nope' }),
      /^unknown source "nope"$/,
    ],
    ['an event file that is not JSON', () => ({ name: 'bad.json', text: '{nope' }), /not valid JSON/],
    [
      'an event type the source does not accept',
      () => ({ name: 'type.json', text: '{"type":"invoice.paid"}' }),
      /event type "invoice.paid" is not accepted/,
    ],
    [
      'a payload that fails its schema',
      () => ({ name: 'schema.json', text: '{"type":"transcript.completed","data":{"headline":42}}' }),
      /does not match its schema: \/data\/headline must be string/,
    ],
  ];
  for (const [what, input, message] of failures) {
    it(`${what}: exit 1 with the reason on stderr`, async () => {
      const { name, text, source } = input();
      const event = folder.write(name, text);
      const io = captureIo(env);
      expect(await runRoutesTest({ config: configFile, event, ...(source ? { source } : {}) }, io)).toBe(1);
      expect(io.stdout).toEqual([]);
      expect(io.stderr.join('\n')).toMatch(message);
    });
  }

  it('an event file that does not exist: exit 1, cannot read it', async () => {
    const event = join(folder.dir, 'missing.json');
    const io = captureIo(env);
    expect(await runRoutesTest({ config: configFile, event }, io)).toBe(1);
    expect(io.stderr).toEqual([`cannot read ${event}`]);
  });

  it('a config with errors: exit 1 with every error', async () => {
    const event = folder.write('cfg.json', transcript(60));
    const io = captureIo({});
    expect(await runRoutesTest({ config: configFile, event }, io)).toBe(1);
    const text = io.stderr.join('\n');
    expect(text).toMatch(/^2 config errors:/);
    expect(text).toContain('HOOKGATE_RT_SECRET is not set');
    expect(text).toContain('HOOKGATE_RT_SLACK is not set');
  });
});
