import { escapeSlack } from '../../templates/escapers.js';
import type { RenderedFields } from '../target.js';
import { contextBlock, headerBlock, sectionBlock, type SlackBlock } from './slack-blocks.js';
import { slackLimits } from './slack-limits.js';
import { SlackText } from './slack-text.js';
import { packDetail, type Packed } from './pack-detail.js';
import { truncateText } from './truncate-text.js';

export interface SlackMessage {
  /** Notification and accessibility fallback; the blocks carry the message. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  /** Posted in the thread of the first message (bot token mode only). */
  readonly threadReply: boolean;
}

/** What becomes of detail that the messages cannot hold. */
export type LeftOut = { readonly kind: 'file'; readonly fileName: string } | { readonly kind: 'cut' };

export interface BuildOptions {
  /** Bot token mode: detail too long for one message goes into a thread under the title and text. */
  readonly threaded: boolean;
  /** The most parts the detail is split into (at least 1); in a thread, the parent comes on top. */
  readonly maxParts: number;
  /** Names the message when the route rendered no title. */
  readonly eventType: string;
  readonly leftOut: LeftOut;
}

export interface SlackLayout {
  readonly messages: readonly SlackMessage[];
  /** The detail as rendered, unescaped (what a file of it holds). */
  readonly detail: string;
  /** Characters of the detail the messages do not show (0 when they show it all). */
  readonly leftOutCharacters: number;
}

/** Most of the text field shown: it is the summary under the title; long content belongs in the detail. */
const maxTextUnits = 2 * slackLimits.sectionChars;
/** How much of the title is read before cutting it to a header: a header shows 150 units at most. */
const titleWindow = 1000;

/**
 * Pure: the Slack messages for one rendered message, in posting order, each within every Slack limit: at most
 * `maxParts` parts (and a parent above them in a thread); the detail they cannot hold is counted, for a note and
 * (bot token) a file. Fields arrive
 * from the deferred escaper and are escaped here, only as far as they are sent: the work is bounded by
 * `maxParts`, whatever the length of the transcript.
 */
export function buildSlackMessages(fields: RenderedFields, options: BuildOptions): SlackLayout {
  const title = headline(new SlackText(fields.title ?? ''));
  const name = title || truncateText(escapeSlack(options.eventType), slackLimits.headerChars) || 'Event';
  const lead: SlackBlock[] = [];
  if (title) lead.push(headerBlock(title));
  lead.push(...leadSections(new SlackText(fields.text ?? '')));
  const detail = new SlackText(fields.detail ?? '');
  const first =
    truncateText(
      [title, ...lead.filter(isSection).map(textOf)].filter(isVisible).join('\n'),
      slackLimits.fallbackChars,
    ) || name;

  // Bot token mode threads a detail that does not fit one message: the parent holds the title and text, and
  // up to maxParts replies the detail.
  const single = packDetail(detail, [lead], options.threaded ? 1 : options.maxParts);
  const threaded = options.threaded && detail.hasTextFrom(single.next);
  const packed: Packed = threaded ? packDetail(detail, [], options.maxParts) : single;
  const leftOutCharacters = detail.charactersFrom(packed.next);
  const groups = packed.messages.map((blocks) => [...blocks]);
  if (leftOutCharacters > 0)
    groups.at(-1)?.push(contextBlock('rest', restNote(leftOutCharacters, options.leftOut)));

  if (!threaded) {
    if (groups.length === 0 || (groups.length === 1 && groups[0]?.length === 0))
      groups[0] = [sectionBlock('text-1', name)];
    const messages = groups.map((blocks, i): SlackMessage => {
      if (groups.length === 1) return { text: first, blocks, threadReply: false };
      const part = `(part ${i + 1} of ${groups.length})`;
      const labelled =
        i === 0
          ? insertAfterHeader(blocks, contextBlock('part', part))
          : [contextBlock('part', `${name} ${part}`), ...blocks];
      return { text: i === 0 ? first : `${name} ${part}`, blocks: labelled, threadReply: false };
    });
    return { messages, detail: detail.text, leftOutCharacters };
  }

  const parentBlocks = lead.length > 0 ? lead : [sectionBlock('text-1', name)];
  const hint =
    groups.length === 1 ? 'Continued in the thread.' : `Continued in the thread (${groups.length} parts).`;
  const replies = groups.map((blocks, i): SlackMessage => {
    if (groups.length === 1) return { text: name, blocks, threadReply: true };
    const part = `(part ${i + 1} of ${groups.length})`;
    return { text: `${name} ${part}`, blocks: [contextBlock('part', part), ...blocks], threadReply: true };
  });
  return {
    messages: [
      { text: first, blocks: [...parentBlocks, contextBlock('thread', hint)], threadReply: false },
      ...replies,
    ],
    detail: detail.text,
    leftOutCharacters,
  };
}

/** The title as a header: one line (Slack would show its breaks), escaped, cut at a boundary with `…`. */
function headline(title: SlackText): string {
  const head = title.escape(0, Math.min(title.length, titleWindow)) + (title.length > titleWindow ? '…' : '');
  return truncateText(head.replace(/\s*[\r\n]+\s*/g, ' ').trim(), slackLimits.headerChars);
}

/** The text field as sections of at most 3,000 units, `maxTextUnits` in all, cut with `…` when longer. */
function leadSections(text: SlackText): SlackBlock[] {
  const sections: SlackBlock[] = [];
  let at = 0;
  let budget = maxTextUnits;
  while (at < text.length && budget >= 1000) {
    const chunk = text.chunk(at, Math.min(slackLimits.sectionChars, budget));
    at = chunk.end;
    budget -= chunk.text.length;
    if (isVisible(chunk.text)) sections.push(sectionBlock(`text-${sections.length + 1}`, chunk.text));
  }
  const last = sections.at(-1);
  if (last && text.hasTextFrom(at))
    sections[sections.length - 1] = sectionBlock(last.block_id, `${textOf(last).trimEnd()}…`);
  return sections;
}

function restNote(characters: number, leftOut: LeftOut): string {
  const count = characters.toLocaleString('en-US');
  return leftOut.kind === 'file'
    ? `… ${count} more characters. The whole text is in the thread as ${escapeSlack(leftOut.fileName)}.`
    : `… truncated, ${count} more characters not shown.`;
}

function isSection(block: SlackBlock): block is Extract<SlackBlock, { type: 'section' }> {
  return block.type === 'section';
}

function textOf(block: SlackBlock): string {
  return block.type === 'context' ? block.elements[0].text : block.text.text;
}

function isVisible(text: string): boolean {
  return text.trim() !== '';
}

function insertAfterHeader(blocks: readonly SlackBlock[], block: SlackBlock): SlackBlock[] {
  const at = blocks[0]?.type === 'header' ? 1 : 0;
  return [...blocks.slice(0, at), block, ...blocks.slice(at)];
}
