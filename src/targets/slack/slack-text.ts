import { readDeferred } from '../../templates/deferred-escape.js';
import { escapeSlack } from '../../templates/escapers.js';
import { findCut } from './find-cut.js';

/** Where a chunk may look past its hard limit to keep a grapheme cluster whole (see split-text.ts). */
const lookAhead = 32;
/** The fewest units a chunk may be asked for: room for one whole escape entity or grapheme, with margin. */
export const smallestChunk = 40;

/**
 * A Slack message field as the deferred escaper rendered it, escaped for mrkdwn only as far as it is sent: the
 * inserted values' `&`, `<` and `>` become entities, the config author's own text stays as written. Every
 * method costs in proportion to the units it returns, not to the field's length, so a 5 MB transcript costs
 * what its first parts cost.
 */
export class SlackText {
  /** The rendered text, unescaped: what a file of it holds. */
  readonly text: string;
  private readonly inserted: readonly (readonly [number, number])[];

  constructor(marked: string) {
    ({ text: this.text, inserted: this.inserted } = readDeferred(marked));
  }

  get length(): number {
    return this.text.length;
  }

  /** The next chunk from `from`: at most `maxUnits` once escaped, cut at a line end, a space or a grapheme. */
  chunk(from: number, maxUnits: number): { readonly text: string; readonly end: number } {
    if (maxUnits < smallestChunk) throw new RangeError(`a chunk needs room for ${smallestChunk} units`);
    const end = this.fitEnd(from, maxUnits);
    if (end >= this.text.length) return { text: this.escape(from, this.text.length), end: this.text.length };
    const window = this.text.slice(from, Math.min(this.text.length, end + lookAhead));
    const cut = from + findCut(window, end - from);
    return { text: this.escape(from, cut), end: cut };
  }

  /** The text from `from` to `to`, escaped for mrkdwn where it was inserted. */
  escape(from: number, to: number): string {
    let out = '';
    let at = from;
    for (const [start, end] of this.inserted) {
      if (end <= at) continue;
      if (start >= to) break;
      if (start > at) out += this.text.slice(at, start);
      out += escapeSlack(this.text.slice(Math.max(start, at), Math.min(end, to)));
      at = Math.min(end, to);
    }
    return at < to ? out + this.text.slice(at, to) : out;
  }

  /** True when something other than whitespace follows `from`. */
  hasTextFrom(from: number): boolean {
    return /\S/.test(this.text.slice(from));
  }

  /** Characters (code points) from `from` on, or 0 when only whitespace is left. */
  charactersFrom(from: number): number {
    if (!this.hasTextFrom(from)) return 0;
    const rest = this.text.slice(from);
    // Most text has no surrogate pair: a native scan answers for it without a loop over every unit.
    if (!/[\ud800-\udfff]/.test(rest)) return rest.length;
    let count = 0;
    for (let i = from; i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      if (code < 0xdc00 || code > 0xdfff || i === from) count++;
    }
    return count;
  }

  /** The end of the longest run from `from` whose escaped form fits `maxUnits`. */
  private fitEnd(from: number, maxUnits: number): number {
    let units = 0;
    let i = from;
    let span = this.inserted.findIndex(([, end]) => end > from);
    for (; i < this.text.length; i++) {
      while (span >= 0 && span < this.inserted.length && (this.inserted[span]?.[1] ?? 0) <= i) span++;
      const range = span >= 0 ? this.inserted[span] : undefined;
      const cost = range && range[0] <= i ? escapedUnits(this.text.charCodeAt(i)) : 1;
      if (units + cost > maxUnits) break;
      units += cost;
    }
    return i;
  }
}

function escapedUnits(code: number): number {
  if (code === 0x26) return 5; // &amp;
  if (code === 0x3c || code === 0x3e) return 4; // &lt; &gt;
  return 1;
}
