/**
 * The `deferred` escaper: an inserted value is left as it is, between two private-use markers, so the target
 * escapes each value for where it lands and only as much of it as it sends. Escaping a 5 MB value whole (a
 * transcript of `<`, 20 MB once escaped) blocks the event loop for about a second; a Slack target that sends
 * ten parts and a file needs a few hundred KB of it escaped, and the file unescaped.
 *
 * The markers are removed from every value, so payload text cannot end its own span and pass as template text.
 * They are the C0 controls START OF TEXT and END OF TEXT: meaningless in a chat message, and within Latin-1, so
 * a one-byte string (most transcripts) stays one, where a private-use marker would make V8 copy it to two bytes
 * per character.
 */
export const insertedStart = '\u0002';
export const insertedEnd = '\u0003';
// eslint-disable-next-line no-control-regex
const markers = /[\u0002\u0003]/g;

/** A field rendered with the deferred escaper, read back: its text, and which spans of it were inserted values. */
export interface DeferredText {
  /** The text as rendered, without markers: the literal template text and the inserted values, unescaped. */
  readonly text: string;
  /** [start, end) offsets in `text` of the inserted (untrusted) values, in order, not overlapping. */
  readonly inserted: readonly (readonly [number, number])[];
}

export function markInserted(value: string): string {
  const clean = withoutMarkers(value);
  return clean === '' ? '' : `${insertedStart}${clean}${insertedEnd}`;
}

/**
 * Reads a field the deferred escaper rendered. Linear, and native-fast: it only looks for the markers (one pair per
 * inserted value). A start marker the template itself holds makes more text count as inserted, never less.
 */
export function readDeferred(marked: string): DeferredText {
  const parts: string[] = [];
  const inserted: [number, number][] = [];
  let length = 0;
  let from = 0;
  for (let start = marked.indexOf(insertedStart); start >= 0; start = marked.indexOf(insertedStart, from)) {
    const literal = withoutMarkers(marked.slice(from, start));
    parts.push(literal);
    length += literal.length;
    const endAt = marked.indexOf(insertedEnd, start + 1);
    const end = endAt < 0 ? marked.length : endAt;
    const value = withoutMarkers(marked.slice(start + 1, end));
    if (value !== '') {
      parts.push(value);
      inserted.push([length, length + value.length]);
      length += value.length;
    }
    from = Math.min(marked.length, end + 1);
  }
  parts.push(withoutMarkers(marked.slice(from)));
  // One value and nothing around it (`{{ event.data.text }}`) is returned as it is, not copied.
  const text = parts.length === 3 && parts[0] === '' && parts[2] === '' ? (parts[1] ?? '') : parts.join('');
  return { text, inserted };
}

/** Checks before replacing: `includes` is a memchr, a regex replace a scan that also copies. */
function withoutMarkers(text: string): string {
  return text.includes(insertedStart) || text.includes(insertedEnd) ? text.replace(markers, '') : text;
}
