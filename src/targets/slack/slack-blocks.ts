import type { JsonObject } from '../../types.js';

/** The Block Kit blocks this target sends; each is plain JSON so it goes into previews unchanged. */
export interface HeaderBlock extends JsonObject {
  type: 'header';
  block_id: string;
  text: { type: 'plain_text'; text: string; emoji: true };
}

export interface SectionBlock extends JsonObject {
  type: 'section';
  block_id: string;
  text: { type: 'mrkdwn'; text: string };
}

export interface ContextBlock extends JsonObject {
  type: 'context';
  block_id: string;
  elements: [{ type: 'mrkdwn'; text: string }];
}

export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock;

export function headerBlock(text: string): HeaderBlock {
  return { type: 'header', block_id: 'title', text: { type: 'plain_text', text, emoji: true } };
}

export function sectionBlock(blockId: string, text: string): SectionBlock {
  return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text } };
}

export function contextBlock(blockId: string, text: string): ContextBlock {
  return { type: 'context', block_id: blockId, elements: [{ type: 'mrkdwn', text }] };
}

/** The text a block shows, which counts toward the message's block text limit. */
export function blockText(block: SlackBlock): string {
  return block.type === 'context' ? block.elements[0].text : block.text.text;
}
