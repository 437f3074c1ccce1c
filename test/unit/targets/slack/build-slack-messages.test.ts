import { describe, expect, it } from 'vitest';
import {
  buildSlackMessages,
  type BuildOptions,
  type SlackMessage,
} from '../../../../src/targets/slack/build-slack-messages.js';
import { blockText, type SlackBlock } from '../../../../src/targets/slack/slack-blocks.js';
import { markInserted } from '../../../../src/templates/deferred-escape.js';
import { escapeSlack } from '../../../../src/templates/escapers.js';
import { cutsCleanly, inserted, rawTranscript } from './long-transcript.js';

const webhook: BuildOptions = {
  threaded: false,
  maxParts: 10,
  eventType: 'transcript.completed',
  leftOut: { kind: 'cut' },
};
const bot: BuildOptions = {
  ...webhook,
  threaded: true,
  leftOut: { kind: 'file', fileName: 'transcript.txt' },
};

const fields = inserted({
  title: 'Weekly planning: gateway roll-out',
  text: '*Ana Lima* · 2026-11-28T15:31:02Z',
  detail: 'Ana: Let us start.\nBo: Slack forwarding works.',
});

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

function noteOf(messages: readonly SlackMessage[]): string | undefined {
  const note = messages.at(-1)?.blocks.find((block) => block.block_id === 'rest');
  return note && blockText(note);
}

describe('buildSlackMessages', () => {
  it('builds one message with a header, the text, the detail and a plain fallback', () => {
    const { messages, leftOutCharacters } = buildSlackMessages(fields, webhook);
    expect(leftOutCharacters).toBe(0);
    expect(messages).toEqual([
      {
        text: 'Weekly planning: gateway roll-out\n*Ana Lima* · 2026-11-28T15:31:02Z',
        threadReply: false,
        blocks: [
          {
            type: 'header',
            block_id: 'title',
            text: { type: 'plain_text', text: 'Weekly planning: gateway roll-out', emoji: true },
          },
          {
            type: 'section',
            block_id: 'text-1',
            text: { type: 'mrkdwn', text: '*Ana Lima* · 2026-11-28T15:31:02Z' },
          },
          {
            type: 'section',
            block_id: 'detail-1',
            text: { type: 'mrkdwn', text: 'Ana: Let us start.\nBo: Slack forwarding works.' },
          },
        ],
      },
    ]);
  });

  it('escapes inserted values for mrkdwn and leaves the template’s own text as written', () => {
    const text = `<https://example.com|Open> for ${markInserted('<!channel> & <@U123>')}`;
    const { messages } = buildSlackMessages({ text }, webhook);
    expect(blockText(messages[0]!.blocks[0]!)).toBe(
      '<https://example.com|Open> for &lt;!channel&gt; &amp; &lt;@U123&gt;',
    );
  });

  it('cuts a long title at a word boundary with an ellipsis and keeps it on one line', () => {
    const title = `Quarterly\nreview ${'of every integration we run '.repeat(10)}`;
    const { messages } = buildSlackMessages(inserted({ title }), webhook);
    const header = messages[0]!.blocks[0]!;
    expect(header.type).toBe('header');
    const shown = blockText(header);
    expect(shown.length).toBeLessThanOrEqual(150);
    expect(shown).toMatch(/^Quarterly review of every [^\n]*\w…$/);
    expect(title.replace(/\n/, ' ').startsWith(`${shown.slice(0, -1)} `)).toBe(true);
  });

  it('names an empty message after its event type, escaped', () => {
    const { messages } = buildSlackMessages(inserted({ title: ' ', text: '' }), {
      ...webhook,
      eventType: 'x.<!here>',
    });
    expect(messages).toEqual([
      {
        text: 'x.&lt;!here&gt;',
        threadReply: false,
        blocks: [{ type: 'section', block_id: 'text-1', text: { type: 'mrkdwn', text: 'x.&lt;!here&gt;' } }],
      },
    ]);
  });

  it('escapes hostile text wherever it lands, and never cuts inside an entity', () => {
    const hostile = '<!channel> & <@U123> <https://x|y>';
    const { messages } = buildSlackMessages(
      inserted({ title: hostile, text: hostile, detail: hostile.repeat(2000) }),
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
    const detail = rawTranscript(60_000);
    const { messages, leftOutCharacters } = buildSlackMessages(inserted({ ...rawFields(), detail }), webhook);
    expect(leftOutCharacters).toBe(0);
    expect(messages.length).toBeGreaterThan(5);
    expect(messages.length).toBeLessThanOrEqual(10);
    messages.forEach(expectWithinLimits);
    expect(detailOf(messages)).toBe(escapeSlack(detail));
    messages.forEach((message, i) => {
      const label = message.blocks.find((block) => block.block_id === 'part');
      expect(label && blockText(label)).toContain(`(part ${i + 1} of ${messages.length})`);
      expect(message.threadReply).toBe(false);
    });
    expect(messages[0]!.blocks[0]!.type).toBe('header');
    expect(messages[1]!.text).toBe(`Weekly planning: gateway roll-out (part 2 of ${messages.length})`);
    expect(cutsCleanly(messages.flatMap((message) => message.blocks.map(blockText)))).toBe(true);
  });

  it('posts at most maxParts messages and ends the last with a "truncated" line counting what is left out', () => {
    const detail = rawTranscript(200_000);
    const { messages, leftOutCharacters } = buildSlackMessages(inserted({ ...rawFields(), detail }), {
      ...webhook,
      maxParts: 3,
    });
    expect(messages).toHaveLength(3);
    messages.forEach(expectWithinLimits);
    const shown = detailOf(messages);
    expect(escapeSlack(detail).startsWith(shown)).toBe(true);
    const shownRaw = shown.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(leftOutCharacters).toBe(Array.from(detail.slice(shownRaw.length)).length);
    expect(noteOf(messages)).toBe(
      `… truncated, ${leftOutCharacters.toLocaleString('en-US')} more characters not shown.`,
    );
  });

  it('does only the work its parts need: a 5 MB detail of "<" becomes 10 parts and a count', () => {
    const detail = '<'.repeat(5_000_000);
    const { messages, leftOutCharacters } = buildSlackMessages(inserted({ title: 'T', detail }), webhook);
    expect(messages).toHaveLength(10);
    messages.forEach(expectWithinLimits);
    const shownCharacters = detailOf(messages).length / '&lt;'.length;
    expect(leftOutCharacters).toBe(5_000_000 - shownCharacters);
    expect(shownCharacters).toBeGreaterThan(9 * 2000);
  });

  it('with a bot token puts the title and text in the parent and the detail in thread replies', () => {
    const detail = rawTranscript(20_000);
    const { messages } = buildSlackMessages(inserted({ ...rawFields(), detail }), bot);
    const [parent, ...replies] = messages;
    expect(parent!.threadReply).toBe(false);
    expect(parent!.blocks.map((block) => block.block_id)).toEqual(['title', 'text-1', 'thread']);
    expect(blockText(parent!.blocks[2]!)).toBe(`Continued in the thread (${replies.length} parts).`);
    expect(replies.length).toBeGreaterThan(1);
    for (const [i, reply] of replies.entries()) {
      expect(reply.threadReply).toBe(true);
      expect(blockText(reply.blocks[0]!)).toBe(`(part ${i + 1} of ${replies.length})`);
      expectWithinLimits(reply);
    }
    expect(detailOf(replies)).toBe(escapeSlack(detail));
  });

  it('with a bot token posts the parent and maxParts replies, and points to the file for the rest', () => {
    const detail = rawTranscript(200_000);
    const {
      messages,
      leftOutCharacters,
      detail: whole,
    } = buildSlackMessages(inserted({ ...rawFields(), detail }), { ...bot, maxParts: 4 });
    expect(messages).toHaveLength(5);
    expect(messages.slice(1).every((message) => message.threadReply)).toBe(true);
    expect(whole).toBe(detail);
    expect(leftOutCharacters).toBeGreaterThan(0);
    expect(noteOf(messages)).toBe(
      `… ${leftOutCharacters.toLocaleString('en-US')} more characters. The whole text is in the thread as transcript.txt.`,
    );
  });

  it('with a bot token sends a message that fits as one, with no thread', () => {
    const { messages } = buildSlackMessages(fields, bot);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.threadReply).toBe(false);
    expect(messages[0]!.blocks.map((block) => block.block_id)).toEqual(['title', 'text-1', 'detail-1']);
  });

  it('with maxParts 1 (long: truncate) sends one part, cut at a boundary, and says how much is left out', () => {
    const detail = rawTranscript(60_000);
    const { messages, leftOutCharacters } = buildSlackMessages(inserted({ ...rawFields(), detail }), {
      ...webhook,
      maxParts: 1,
    });
    expect(messages).toHaveLength(1);
    expectWithinLimits(messages[0]!);
    expect(escapeSlack(detail).startsWith(detailOf(messages))).toBe(true);
    expect(detailOf(messages).length).toBeGreaterThan(8000);
    expect(noteOf(messages)).toBe(
      `… truncated, ${leftOutCharacters.toLocaleString('en-US')} more characters not shown.`,
    );
    const threaded = buildSlackMessages(inserted({ ...rawFields(), detail }), { ...bot, maxParts: 1 });
    expect(threaded.messages.map((message) => message.threadReply)).toEqual([false, true]);
  });

  it('cuts a text field longer than two sections with an ellipsis: long content belongs in the detail', () => {
    const text = 'word '.repeat(3000);
    const { messages } = buildSlackMessages(inserted({ text }), webhook);
    const sections = messages[0]!.blocks.filter((block) => block.block_id.startsWith('text-'));
    expect(sections).toHaveLength(2);
    expect(blockText(sections[1]!)).toMatch(/word…$/);
  });

  it('drops whitespace-only chunks, which Slack would reject', () => {
    const { messages } = buildSlackMessages(
      inserted({ title: 'T', text: '   \n  ', detail: '\n\n' }),
      webhook,
    );
    expect(messages[0]!.blocks.map((block) => block.block_id)).toEqual(['title']);
  });
});

function rawFields() {
  return { title: 'Weekly planning: gateway roll-out', text: '*Ana Lima* · 2026-11-28T15:31:02Z' };
}
