import { blockText, type SlackBlock } from './slack-blocks.js';
import { slackLimits } from './slack-limits.js';

/** Room kept in every message for the one block added after packing (a part label or thread hint). */
export const labelReserve = { chars: 200, blocks: 1 } as const;

/**
 * Pure: groups blocks, in order, into as few messages as keep each within Slack's block count and block text
 * limits (less the label reserve). A block is never split here: callers pass sections already within limits.
 */
export function packBlocks(blocks: readonly SlackBlock[]): SlackBlock[][] {
  const maxChars = slackLimits.blockCharsPerMessage - labelReserve.chars;
  const maxBlocks = slackLimits.blocksPerMessage - labelReserve.blocks;
  const messages: SlackBlock[][] = [];
  let current: SlackBlock[] = [];
  let chars = 0;
  for (const block of blocks) {
    const length = blockText(block).length;
    if (current.length > 0 && (chars + length > maxChars || current.length >= maxBlocks)) {
      messages.push(current);
      current = [];
      chars = 0;
    }
    current.push(block);
    chars += length;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}
