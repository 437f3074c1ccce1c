import { describe, expect, it } from 'vitest';
import { labelReserve, packBlocks } from '../../../../src/targets/slack/pack-blocks.js';
import {
  contextBlock,
  headerBlock,
  sectionBlock,
  type SlackBlock,
} from '../../../../src/targets/slack/slack-blocks.js';
import { slackLimits } from '../../../../src/targets/slack/slack-limits.js';

const maxChars = slackLimits.blockCharsPerMessage - labelReserve.chars;
const maxBlocks = slackLimits.blocksPerMessage - labelReserve.blocks;

function sections(count: number, length: number): SlackBlock[] {
  return Array.from({ length: count }, (_, i) => sectionBlock(`s-${i + 1}`, 'x'.repeat(length)));
}

function ids(messages: readonly (readonly SlackBlock[])[]): string[][] {
  return messages.map((blocks) => blocks.map((block) => block.block_id));
}

describe('packBlocks', () => {
  it('keeps a label reserve of 200 characters and one block', () => {
    expect(labelReserve).toEqual({ chars: 200, blocks: 1 });
    expect([maxChars, maxBlocks]).toEqual([9800, 49]);
  });

  it('gives no messages for no blocks', () => {
    expect(packBlocks([])).toEqual([]);
  });

  it('puts blocks that fit into one message, in order and unchanged', () => {
    const blocks = [
      headerBlock('Title'),
      sectionBlock('text-1', 'hello'),
      contextBlock('note', 'fine print'),
    ];
    expect(packBlocks(blocks)).toEqual([blocks]);
  });

  it('fills a message up to exactly the text limit less the reserve', () => {
    const half = maxChars / 2;
    expect(ids(packBlocks(sections(2, half)))).toEqual([['s-1', 's-2']]);
    const over = [sectionBlock('a', 'x'.repeat(half)), sectionBlock('b', 'x'.repeat(half + 1))];
    expect(ids(packBlocks(over))).toEqual([['a'], ['b']]);
  });

  it('starts a new message when the next block would pass the text limit', () => {
    expect(ids(packBlocks(sections(7, 3000)))).toEqual([
      ['s-1', 's-2', 's-3'],
      ['s-4', 's-5', 's-6'],
      ['s-7'],
    ]);
  });

  it('counts the text of header and context blocks too', () => {
    const blocks = [
      headerBlock('h'.repeat(150)),
      contextBlock('c', 'c'.repeat(maxChars - 150)),
      sectionBlock('s', 'x'),
    ];
    expect(ids(packBlocks(blocks))).toEqual([['title', 'c'], ['s']]);
  });

  it('keeps at most 49 blocks in a message', () => {
    expect(ids(packBlocks(sections(maxBlocks, 1)))).toHaveLength(1);
    expect(packBlocks(sections(100, 1)).map((blocks) => blocks.length)).toEqual([49, 49, 2]);
  });

  it('never splits a block: one longer than the limit goes alone into its own message', () => {
    const blocks = [
      sectionBlock('small', 'x'),
      sectionBlock('huge', 'x'.repeat(12_000)),
      sectionBlock('next', 'y'),
    ];
    expect(ids(packBlocks(blocks))).toEqual([['small'], ['huge'], ['next']]);
  });

  it('starts with the oversized block when it comes first, leaving no empty message', () => {
    const blocks = [sectionBlock('huge', 'x'.repeat(12_000)), sectionBlock('next', 'y')];
    expect(ids(packBlocks(blocks))).toEqual([['huge'], ['next']]);
  });
});
