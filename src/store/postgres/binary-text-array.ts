/** PostgreSQL's type oid of `text`, written into a binary array's header (array_recv checks it). */
const textOid = 25;

/**
 * One element of a binary `text[]`: a string (encoded to UTF-8 here), bytes that already are its UTF-8 encoding
 * (copied as they are: a received body keeps its bytes, so it need not be measured and encoded again), or null.
 * PostgreSQL checks the bytes either way: it refuses a NUL (0x00) or invalid UTF-8 in any element, with SQLSTATE
 * 22021, so bytes and the string they decode to fare alike.
 */
export type TextElement = string | Uint8Array | null;

/**
 * Pure: `values` as a `text[]` in PostgreSQL's binary format, for a parameter the statement casts to `text[]`
 * (pg sends a Buffer parameter as binary). Written into one buffer of the exact size, so each string is encoded
 * once and each byte element copied once. pg's own paths cost more for large strings: a text[] parameter is
 * written as an array literal with every element escaped, and a text parameter per string grows pg's message
 * buffer step by step, copying what it holds at each step (for a group of 13 KB webhook bodies, several copies of
 * the whole group, and as many large buffers for the garbage collector).
 *
 * Layout (array_send): dimensions, has-nulls flag, element type, then per dimension its length and lower bound,
 * then per element its byte length (-1: null) and bytes.
 */
export function binaryTextArray(values: readonly TextElement[]): Buffer {
  const lengths = values.map(byteLength);
  const header = values.length === 0 ? 12 : 20;
  const size = lengths.reduce((total, length) => total + 4 + Math.max(0, length), header);
  const buffer = Buffer.allocUnsafe(size);
  buffer.writeInt32BE(values.length === 0 ? 0 : 1, 0);
  buffer.writeInt32BE(lengths.includes(-1) ? 1 : 0, 4);
  buffer.writeInt32BE(textOid, 8);
  if (values.length === 0) return buffer;
  buffer.writeInt32BE(values.length, 12);
  buffer.writeInt32BE(1, 16);
  let offset = header;
  values.forEach((value, i) => {
    const length = lengths[i] ?? -1;
    buffer.writeInt32BE(length, offset);
    offset += 4;
    if (value === null) return;
    if (typeof value === 'string') buffer.write(value, offset, length, 'utf8');
    else buffer.set(value, offset);
    offset += length;
  });
  return buffer;
}

function byteLength(value: TextElement): number {
  if (value === null) return -1;
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.byteLength;
}
