import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { slackPlugin } from '../../../../src/targets/slack/slack-plugin.js';
import { SlackText } from '../../../../src/targets/slack/slack-text.js';
import { compileTemplate, type TemplateContext } from '../../../../src/templates/template-engine.js';
import type { JsonObject } from '../../../../src/types.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(slackPlugin.schema);
const fixture = (name: string): JsonObject =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8')) as JsonObject;

function render(field: string, event: JsonObject): string {
  const source = slackPlugin.defaultTemplates[field];
  if (source === undefined) throw new Error(`no default template for ${field}`);
  const context: TemplateContext = {
    event,
    source: 'connect-it',
    event_type: typeof event.type === 'string' ? event.type : '',
    received_at: '2026-11-28T16:04:12.000Z',
  };
  // As the target sends it: rendered with the plug-in's escaper, then escaped where it was inserted.
  const text = new SlackText(compileTemplate(source, 'deferred').render(context));
  return text.escape(0, text.length);
}

describe('slackPlugin', () => {
  it('is the slack type with title, text and detail fields, escaped for Slack by the target as it sends', () => {
    expect(slackPlugin.type).toBe('slack');
    expect(slackPlugin.fields).toEqual({ title: 'deferred', text: 'deferred', detail: 'deferred' });
  });

  it('refuses at load a file upload asked of an incoming webhook', () => {
    expect(slackPlugin.checkDefinition?.({ webhookUrl: 'https://hooks.slack.com/x', file: true })).toEqual([
      {
        path: ['file'],
        message: 'an incoming webhook cannot upload files: use a bot token (token and channel) for the file',
      },
    ]);
    expect(slackPlugin.checkDefinition?.({ token: 'xoxb-1', channel: 'C1', file: true })).toEqual([]);
  });

  it.each([
    ['an incoming webhook', { type: 'slack', webhookUrl: 'https://hooks.slack.com/services/T/B/X' }],
    ['a bot token and channel', { type: 'slack', token: 'xoxb-1-2-abc', channel: 'C0123' }],
    [
      'every option, and the keys the core owns',
      {
        type: 'slack',
        token: 'xoxb-1-2-abc',
        channel: '#general',
        apiUrl: 'http://127.0.0.1:9999/api',
        timeoutMs: 5000,
        pace: { perSecond: 0.5, burst: 2 },
        long: 'truncate',
        maxParts: 5,
        file: false,
        fileName: 'minutes.md',
        retry: 'default',
        concurrency: 2,
        rateLimit: { perSecond: 1 },
      },
    ],
  ])('accepts %s', (_name, definition) => {
    expect(validate(definition)).toBe(true);
  });

  it.each([
    ['neither way', { type: 'slack' }],
    ['both ways', { type: 'slack', webhookUrl: 'https://hooks.slack.com/x', token: 'xoxb-1', channel: 'C1' }],
    ['a token without a channel', { type: 'slack', token: 'xoxb-1' }],
    ['a user token', { type: 'slack', token: 'xoxp-1', channel: 'C1' }],
    ['a webhook that is not a URL', { type: 'slack', webhookUrl: 'hooks.slack.com' }],
    ['an unknown key', { type: 'slack', webhookUrl: 'https://hooks.slack.com/x', link_names: true }],
    ['an unknown long mode', { type: 'slack', webhookUrl: 'https://hooks.slack.com/x', long: 'drop' }],
    ['a pace of zero', { type: 'slack', webhookUrl: 'https://hooks.slack.com/x', pace: { perSecond: 0 } }],
    ['no parts', { type: 'slack', webhookUrl: 'https://hooks.slack.com/x', maxParts: 0 }],
    ['a file name with a slash', { type: 'slack', token: 'xoxb-1', channel: 'C1', fileName: 'a/b.txt' }],
  ])('rejects %s', (_name, definition) => {
    expect(validate(definition)).toBe(false);
  });

  it('has default templates that say what, who and when for a transcript', () => {
    const event = fixture('transcript.completed.json');
    expect(render('title', event)).toBe('Weekly planning: gateway roll-out');
    expect(render('text', event)).toBe(
      '*Ana Lima* · 2026-11-28T15:31:02Z · `transcript.completed` from connect-it',
    );
    expect(render('detail', event)).toContain('The YAML routes are ready for review.');
  });

  it('has default templates that suit an event with no data, and escape what they insert', () => {
    const event = fixture('test.completed.json');
    expect(render('title', event)).toBe('test.completed');
    expect(render('text', event)).toBe('2026-11-28T16:04:12.000Z · `test.completed` from connect-it');
    expect(render('detail', event)).toBe('');
    const hostile = { type: 'x', data: { headline: '<!channel>', user: { first_name: '<@U1>' } } };
    expect(render('title', hostile)).toBe('&lt;!channel&gt;');
    expect(render('text', hostile)).toContain('*&lt;@U1&gt;*');
  });
});
