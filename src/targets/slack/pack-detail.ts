import { blockText, sectionBlock, type SlackBlock } from './slack-blocks.js';
import { slackLimits } from './slack-limits.js';
import type { SlackText } from './slack-text.js';

/** Room kept in every message for what is added after packing: a part label and the note on left-out detail. */
export const packReserve = { chars: 400, blocks: 2 } as const;
/** A message with less room than this left starts the next one rather than carry a sliver of detail. */
const minSection = 1000;

export interface Packed {
  readonly messages: readonly (readonly SlackBlock[])[];
  /** Where the detail not packed starts (its length when all of it was). */
  readonly next: number;
}

/**
 * Pure: the detail, cut into sections of at most 3,000 escaped units, packed in order into at most `maxMessages`
 * messages after the blocks already in `prefill` (the title and text), each within Slack's block count and block
 * text limits less the reserve. Stops when the messages are full: only what they hold is cut and escaped.
 */
export function packDetail(
  detail: SlackText,
  prefill: readonly (readonly SlackBlock[])[],
  maxMessages: number,
): Packed {
  const maxChars = slackLimits.blockCharsPerMessage - packReserve.chars;
  const maxBlocks = slackLimits.blocksPerMessage - packReserve.blocks;
  const messages = prefill.map((blocks) => [...blocks]);
  let current = messages.pop() ?? [];
  let chars = current.reduce((sum, block) => sum + blockText(block).length, 0);
  let at = 0;
  let sections = 0;
  while (at < detail.length) {
    const room = Math.min(slackLimits.sectionChars, maxChars - chars);
    if (room < minSection || current.length >= maxBlocks) {
      if (messages.length + 1 >= maxMessages) break;
      messages.push(current);
      current = [];
      chars = 0;
      continue;
    }
    const chunk = detail.chunk(at, room);
    at = chunk.end;
    if (chunk.text.trim() !== '') {
      current.push(sectionBlock(`detail-${++sections}`, chunk.text));
      chars += chunk.text.length;
    } else if (!detail.hasTextFrom(at)) {
      // Slack rejects blank sections; a tail of whitespace is not worth a part.
      at = detail.length;
    }
  }
  if (current.length > 0 || messages.length === 0) messages.push(current);
  return { messages, next: at };
}
