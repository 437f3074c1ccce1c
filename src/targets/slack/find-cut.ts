/** The smallest `max` that always leaves room for one whole escape entity (`&amp;`) or surrogate pair. */
const smallestMax = 8;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** The longest grapheme cluster we try to keep whole (emoji ZWJ sequences run to about a dozen units). */
const graphemeWindow = 32;
const entity = /^&(?:amp|lt|gt);/;
const wordBreak = /[ \t\u3000]/;

/**
 * Pure: where to cut `text` so the head is at most `max` UTF-16 units: the whole length when it already fits.
 * Cuts at a line end, else after a space, else between grapheme clusters; never inside a surrogate pair or an
 * escape entity such as `&amp;`, which Slack would show broken.
 */
export function findCut(text: string, max: number): number {
  if (max < smallestMax) throw new RangeError(`cannot cut text into pieces shorter than ${smallestMax}`);
  if (text.length <= max) return text.length;
  const window = text.slice(0, max);
  // A cut very early in the window would make many small chunks, so the latter half is preferred.
  const half = Math.floor(max / 2);
  const line = window.lastIndexOf('\n') + 1;
  if (line >= half) return line;
  const word = lastWordBreak(window) + 1;
  if (word >= half) return word;
  if (line > 0) return line;
  if (word > 0) return word;
  return hardCut(text, max);
}

function lastWordBreak(window: string): number {
  for (let i = window.length - 1; i >= 0; i--) if (wordBreak.test(window.charAt(i))) return i;
  return -1;
}

function hardCut(text: string, max: number): number {
  const cut = beforeEntity(text, graphemeStart(text, beforeEntity(text, max)));
  return beforeSurrogateHalf(text, cut);
}

/** Moves the cut before an entity it would fall inside. */
function beforeEntity(text: string, cut: number): number {
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp < 0 || cut - amp > 4) return cut;
  const match = entity.exec(text.slice(amp, amp + 5));
  return match && amp + match[0].length > cut && amp > 0 ? amp : cut;
}

/** Moves the cut back to the start of the grapheme cluster it falls in, if that still leaves a head. */
function graphemeStart(text: string, cut: number): number {
  const from = Math.max(0, cut - graphemeWindow);
  let start = cut;
  for (const { index } of graphemes.segment(text.slice(from, cut + graphemeWindow))) {
    const at = from + index;
    if (at > cut) break;
    start = at;
  }
  return start > 0 ? start : cut;
}

function beforeSurrogateHalf(text: string, cut: number): number {
  const code = text.charCodeAt(cut - 1);
  return code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;
}
