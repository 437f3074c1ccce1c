import { escapeSlack } from '../../templates/escapers.js';
import type { RenderedFields } from '../target.js';
import { labelReserve, packBlocks } from './pack-blocks.js';
import { blockText, contextBlock, headerBlock, sectionBlock, type SlackBlock } from './slack-blocks.js';
import { slackLimits } from './slack-limits.js';
import { findCut, splitText } from './split-text.js';
import { truncateText } from './truncate-text.js';

export type LongDetail = 'split' | 'truncate';

export interface SlackMessage {
  /** Notification and accessibility fallback; the blocks carry the message. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  /** Posted in the thread of the first message (bot token mode only). */
  readonly threadReply: boolean;
}

export interface BuildOptions {
  readonly long: LongDetail;
  /** Bot token mode: a detail too long for one message goes into a thread under the title and text. */
  readonly threaded: boolean;
  /** Names the message when the route rendered no title. */
  readonly eventType: string;
}

/**
 * Pure: the Slack messages for one rendered message, in posting order, each within every Slack limit. Fields
 * arrive already escaped for mrkdwn and are never unescaped; only the event type is escaped here.
 */
export function buildSlackMessages(fields: RenderedFields, options: BuildOptions): SlackMessage[] {
  const title = truncateText(singleLine(fields.title ?? ''), slackLimits.headerChars);
  const name = title || truncateText(escapeSlack(options.eventType), slackLimits.headerChars) || 'Event';
  const lead: SlackBlock[] = [];
  if (title) lead.push(headerBlock(title));
  lead.push(...sections('text', fields.text ?? ''));

  const { shown, note } = shownDetail(fields.detail ?? '', options, lead);
  const body = sections('detail', shown);
  if (note !== undefined) body.push(contextBlock('cut-note', note));
  if (lead.length === 0 && (body.length === 0 || options.threaded)) lead.push(sectionBlock('text-1', name));

  const summary = [fields.title ?? '', fields.text ?? ''].filter(isVisible).join('\n');
  const first = truncateText(summary, slackLimits.fallbackChars) || name;

  const groups = packBlocks([...lead, ...body]);
  if (!options.threaded || groups.length === 1) {
    return groups.map((blocks, i) => {
      if (groups.length === 1) return { text: first, blocks, threadReply: false };
      const part = `(part ${i + 1} of ${groups.length})`;
      const labelled =
        i === 0
          ? insertAfterHeader(blocks, contextBlock('part', part))
          : [contextBlock('part', `${name} ${part}`), ...blocks];
      return { text: i === 0 ? first : `${name} ${part}`, blocks: labelled, threadReply: false };
    });
  }

  const [parent = lead, ...overflow] = packBlocks(lead);
  const replies = [...overflow, ...packBlocks(body)];
  const hint =
    replies.length === 1 ? 'Continued in the thread.' : `Continued in the thread (${replies.length} parts).`;
  return [
    { text: first, blocks: [...parent, contextBlock('thread', hint)], threadReply: false },
    ...replies.map((blocks, i) => {
      if (replies.length === 1) return { text: name, blocks, threadReply: true };
      const part = `(part ${i + 1} of ${replies.length})`;
      return { text: `${name} ${part}`, blocks: [contextBlock('part', part), ...blocks], threadReply: true };
    }),
  ];
}

/** Headers are one line; Slack would otherwise show the line breaks of a multi-line title. */
function singleLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function isVisible(text: string): boolean {
  return text.trim() !== '';
}

/** Sections of at most 3,000 characters; a chunk of only whitespace is dropped (Slack rejects blank text). */
function sections(prefix: string, text: string): SlackBlock[] {
  return splitText(text, slackLimits.sectionChars)
    .filter(isVisible)
    .map((chunk, i) => sectionBlock(`${prefix}-${i + 1}`, chunk));
}

/** With `long: truncate`, the head of the detail that fits the first message (or one reply), and a note. */
function shownDetail(
  detail: string,
  options: BuildOptions,
  lead: readonly SlackBlock[],
): { shown: string; note?: string } {
  if (options.long === 'split') return { shown: detail };
  const noteRoom = 100;
  const leadChars = options.threaded ? 0 : lead.reduce((sum, block) => sum + blockText(block).length, 0);
  const room = slackLimits.blockCharsPerMessage - labelReserve.chars - noteRoom - leadChars;
  const capacity = Math.max(room, slackLimits.sectionChars);
  if (detail.length <= capacity) return { shown: detail };
  const shown = detail.slice(0, findCut(detail, capacity)).trimEnd();
  const count = (text: string): string => visibleLength(text).toLocaleString('en-US');
  return { shown, note: `… detail cut: ${count(shown)} of ${count(detail)} characters shown` };
}

/** Characters a reader sees: an escape entity shows as one, a surrogate pair is one. */
function visibleLength(text: string): number {
  return Array.from(text.replace(/&(?:amp|lt|gt);/g, '&')).length;
}

function insertAfterHeader(blocks: readonly SlackBlock[], block: SlackBlock): SlackBlock[] {
  const at = blocks[0]?.type === 'header' ? 1 : 0;
  return [...blocks.slice(0, at), block, ...blocks.slice(at)];
}
