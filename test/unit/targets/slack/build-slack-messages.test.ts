import { describe, expect, it } from 'vitest';
import {
  buildSlackMessages,
  type BuildOptions,
  type SlackMessage,
} from '../../../../src/targets/slack/build-slack-messages.js';
import { blockText, type SlackBlock } from '../../../../src/targets/slack/slack-blocks.js';
import { escapeSlack } from '../../../../src/templates/escapers.js';
import { cutsCleanly, longTranscript } from './long-transcript.js';

const webhook: BuildOptions = { long: 'split', threaded: false, eventType: 'transcript.completed' };
const bot: BuildOptions = { ...webhook, threaded: true };
const fields = {
  title: 'Weekly planning: gateway roll-out',
  text: '*Ana Lima* · 2026-11-28T15:31:02Z',
  detail: 'Ana: Let us start.\nBo: Slack forwarding works.',
};

/** Every Slack limit a message must keep, checked on the built JSON. */
function expectWithinLimits(message: SlackMessage): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(3000);
  expect(message.blocks.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  let total = 0;
  for (const block of message.blocks) {
    const text = blockText(block);
    expect(text.trim().length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(block.type === 'header' ? 150 : 3000);
    total += text.length;
  }
  expect(total).toBeLessThanOrEqual(10_000);
  expect(new Set(message.blocks.map((block) => block.block_id)).size).toBe(message.blocks.length);
}

function detailOf(messages: readonly SlackMessage[]): string {
  return messages
    .flatMap((message) => message.blocks)
    .filter((block): block is Extract<SlackBlock, { type: 'section' }> =>
      block.block_id.startsWith('detail-'),
    )
    .map((block) => block.text.text)
    .join('');
}

describe('buildSlackMessages', () => {
  it('builds one message with a header, the text, the detail and a plain fallback', () => {
    const [message, ...rest] = buildSlackMessages(fields, webhook);
    expect(rest).toHaveLength(0);
    expect(message).toEqual({
      text: 'Weekly planning: gateway roll-out\n*Ana Lima* · 2026-11-28T15:31:02Z',
      threadReply: false,
      blocks: [
        {
          type: 'header',
          block_id: 'title',
          text: { type: 'plain_text', text: 'Weekly planning: gateway roll-out', emoji: true },
        },
        { type: 'section', block_id: 'text-1', text: { type: 'mrkdwn', text: fields.text } },
        { type: 'section', block_id: 'detail-1', text: { type: 'mrkdwn', text: fields.detail } },
      ],
    });
  });

  it('cuts a long title at a word boundary with an ellipsis and keeps it on one line', () => {
    const title = `Quarterly\nreview ${'of every integration we run '.repeat(10)}`;
    const [message] = buildSlackMessages({ title }, webhook);
    const header = message!.blocks[0]!;
    expect(header.type).toBe('header');
    expect(blockText(header).length).toBeLessThanOrEqual(150);
    const shown = blockText(header);
    expect(shown).toMatch(/^Quarterly review of every [^\n]*\w…$/);
    expect(title.replace(/\n/, ' ').startsWith(`${shown.slice(0, -1)} `)).toBe(true);
  });

  it('names an empty message after its event type, escaped', () => {
    const [message] = buildSlackMessages({ title: ' ', text: '' }, { ...webhook, eventType: 'x.<!here>' });
    expect(message!.text).toBe('x.&lt;!here&gt;');
    expect(message!.blocks).toEqual([
      { type: 'section', block_id: 'text-1', text: { type: 'mrkdwn', text: 'x.&lt;!here&gt;' } },
    ]);
  });

  it('keeps hostile text escaped as it arrived', () => {
    const hostile = escapeSlack('<!channel> & <@U123> <https://x|y>');
    const messages = buildSlackMessages(
      { title: hostile, text: hostile, detail: hostile.repeat(2000) },
      webhook,
    );
    const json = JSON.stringify(messages);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U123>');
    expect(json).not.toContain('<https://x|y>');
    expect(json).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;');
    expect(json).not.toMatch(/link_names|"parse"/);
    expect(cutsCleanly(messages.flatMap((message) => message.blocks.map(blockText)))).toBe(true);
  });

  it('splits a 60,000-character transcript into labelled messages within every limit, in order', () => {
    const detail = longTranscript(60_000);
    const messages = buildSlackMessages({ ...fields, detail }, webhook);
    expect(messages.length).toBeGreaterThan(5);
    messages.forEach(expectWithinLimits);
    expect(detailOf(messages)).toBe(detail);
    messages.forEach((message, i) => {
      const label = message.blocks.find((block) => block.block_id === 'part');
      expect(label && blockText(label)).toContain(`(part ${i + 1} of ${messages.length})`);
      expect(message.threadReply).toBe(false);
    });
    expect(messages[0]!.blocks[0]!.type).toBe('header');
    expect(messages[1]!.text).toBe(`${fields.title} (part 2 of ${messages.length})`);
    const sections = messages.flatMap((message) => message.blocks.map(blockText));
    expect(cutsCleanly(sections)).toBe(true);
  });

  it('with a bot token puts the title and text in the parent and the detail in thread replies', () => {
    const detail = longTranscript(20_000);
    const [parent, ...replies] = buildSlackMessages({ ...fields, detail }, bot);
    expect(parent!.threadReply).toBe(false);
    expect(parent!.blocks.map((block) => block.block_id)).toEqual(['title', 'text-1', 'thread']);
    expect(blockText(parent!.blocks[2]!)).toBe(`Continued in the thread (${replies.length} parts).`);
    expect(replies.length).toBeGreaterThan(1);
    for (const [i, reply] of replies.entries()) {
      expect(reply.threadReply).toBe(true);
      expect(blockText(reply.blocks[0]!)).toBe(`(part ${i + 1} of ${replies.length})`);
      expectWithinLimits(reply);
    }
    expect(detailOf(replies)).toBe(detail);
  });

  it('with a bot token sends a message that fits as one, with no thread', () => {
    const messages = buildSlackMessages(fields, bot);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.threadReply).toBe(false);
    expect(messages[0]!.blocks.map((block) => block.block_id)).toEqual(['title', 'text-1', 'detail-1']);
  });

  it('with long: truncate sends one message, cut at a boundary, and says how much is shown', () => {
    const detail = longTranscript(60_000);
    const messages = buildSlackMessages({ ...fields, detail }, { ...webhook, long: 'truncate' });
    expect(messages).toHaveLength(1);
    expectWithinLimits(messages[0]!);
    const shown = detailOf(messages);
    expect(detail.startsWith(shown)).toBe(true);
    expect(shown.length).toBeGreaterThan(8000);
    const note = messages[0]!.blocks.at(-1)!;
    expect(blockText(note)).toMatch(/^… detail cut: [\d,]+ of [\d,]+ characters shown$/);
    expect(blockText(note)).toContain(
      `of ${Array.from(detail.replace(/&(?:amp|lt|gt);/g, '&')).length.toLocaleString('en-US')}`,
    );
  });

  it('keeps short detail whole with long: truncate', () => {
    const messages = buildSlackMessages(fields, { ...webhook, long: 'truncate' });
    expect(detailOf(messages)).toBe(fields.detail);
    expect(JSON.stringify(messages)).not.toContain('detail cut');
  });

  it('drops whitespace-only chunks, which Slack would reject', () => {
    const messages = buildSlackMessages({ title: 'T', text: '   \n  ', detail: '\n\n' }, webhook);
    expect(messages[0]!.blocks.map((block) => block.block_id)).toEqual(['title']);
  });
});
