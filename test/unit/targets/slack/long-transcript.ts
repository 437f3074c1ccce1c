import type { OutboundMessage } from '../../../../src/targets/target.js';
import { markInserted } from '../../../../src/templates/deferred-escape.js';
import { escapeSlack } from '../../../../src/templates/escapers.js';

/**
 * A long transcript as the core hands it over (already escaped for Slack): speaker lines with emoji, non-BMP
 * characters, ZWJ sequences and escape entities, plus lines with no break in them to force hard cuts.
 */
export function longTranscript(length: number): string {
  const speakers = ['Ana', 'Bo', 'Chen'];
  const words = [
    'gateway',
    'roll-out',
    '👋🏽',
    '𝄞',
    'família',
    '漢字',
    '👨‍👩‍👧',
    'R&D',
    '<!channel>',
    'ok',
    'next',
  ];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    let line: string;
    if (i % 50 === 17) line = '👍'.repeat(2500);
    else if (i % 50 === 33) line = '&'.repeat(1400);
    else {
      const count = 5 + ((i * 7) % 40);
      line = `${speakers[i % 3]}: ${Array.from({ length: count }, (_, j) => words[(i + j) % words.length]).join(' ')}`;
    }
    const escaped = `${escapeSlack(line)}\n`;
    lines.push(escaped);
    size += escaped.length;
  }
  return lines.join('');
}

/** True when no chunk boundary falls inside a surrogate pair, an entity or a ZWJ sequence. */
export function cutsCleanly(chunks: readonly string[]): boolean {
  return chunks.every(
    (chunk) =>
      !/[\ud800-\udbff]$/.test(chunk) &&
      !/^[\udc00-\udfff]/.test(chunk) &&
      !/^(?:\u200d|\ufe0f)/.test(chunk) &&
      !/&(?!amp;|lt;|gt;)/.test(chunk),
  );
}

/** The same transcript as a payload holds it, before any escaping (what a route inserts into `detail`). */
export function rawTranscript(length: number): string {
  return unescapeSlack(longTranscript(length));
}

export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Fields as a route renders them for Slack (deferred escaper): each one a value inserted from the payload. */
export function inserted(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, markInserted(value)]));
}

/** A message as the core hands it to a Slack target, its fields each one inserted value. */
export function insertedMessage(fields: Record<string, string>): OutboundMessage {
  return {
    fields: inserted(fields),
    payload: {},
    rawBody: '{}',
    eventType: 'transcript.completed',
    eventId: 'evt_1',
  };
}
