import { describe, expect, it } from 'vitest';
import { SlackText } from '../../../../src/targets/slack/slack-text.js';
import { markInserted } from '../../../../src/templates/deferred-escape.js';
import { escapeSlack } from '../../../../src/templates/escapers.js';
import { cutsCleanly, rawTranscript } from './long-transcript.js';

/** Every chunk of the whole text, as a sender would cut it. */
function chunksOf(text: SlackText, max: number): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length;) {
    const chunk = text.chunk(at, max);
    chunks.push(chunk.text);
    at = chunk.end;
  }
  return chunks;
}

describe('SlackText', () => {
  it('escapes inserted values and leaves the template’s own text as written', () => {
    const text = new SlackText(`<https://x.test|Open> ${markInserted('<!here> & <@U1>')} *done*`);
    expect(text.text).toBe('<https://x.test|Open> <!here> & <@U1> *done*');
    expect(text.escape(0, text.length)).toBe('<https://x.test|Open> &lt;!here&gt; &amp; &lt;@U1&gt; *done*');
    expect(text.escape(22, 29)).toBe('&lt;!here&gt;');
  });

  it('cuts chunks within the limit counted after escaping, that join back to the whole escaped text', () => {
    const raw = rawTranscript(60_000);
    const text = new SlackText(markInserted(raw));
    const chunks = chunksOf(text, 3000);
    expect(chunks.join('')).toBe(escapeSlack(raw));
    expect(chunks.every((chunk) => chunk.length > 0 && chunk.length <= 3000)).toBe(true);
    expect(cutsCleanly(chunks)).toBe(true);
    expect(chunks.filter((chunk) => chunk.endsWith('\n')).length).toBeGreaterThan(chunks.length / 2);
  });

  it('never splits a surrogate pair, a ZWJ emoji or an entity, however small the chunks', () => {
    const texts = ['𝄞'.repeat(40), '👨‍👩‍👧'.repeat(20), '&<>'.repeat(30), `a${'👋🏽&'.repeat(25)}`];
    for (const raw of texts) {
      for (let max = 40; max <= 60; max++) {
        const chunks = chunksOf(new SlackText(markInserted(raw)), max);
        expect(chunks.join('')).toBe(escapeSlack(raw));
        expect(chunks.every((chunk) => chunk.length <= max)).toBe(true);
        expect(cutsCleanly(chunks)).toBe(true);
      }
    }
  });

  it('counts the characters left from a point, surrogate pairs as one, whitespace alone as none', () => {
    const text = new SlackText(markInserted('ab𝄞𝄞 c'));
    expect(text.charactersFrom(0)).toBe(6);
    expect(text.charactersFrom(2)).toBe(4);
    expect(new SlackText('x  \n ').charactersFrom(1)).toBe(0);
  });

  it('refuses chunks too small to hold an entity with room to spare', () => {
    expect(() => new SlackText('abc').chunk(0, 39)).toThrow(RangeError);
  });
});
