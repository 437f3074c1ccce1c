/** PostgreSQL's type oid of `text`, written into a binary array's header (array_recv checks it). */
const textOid = 25;

/**
 * Pure: `values` as a `text[]` in PostgreSQL's binary format, for a parameter the statement casts to `text[]`
 * (pg sends a Buffer parameter as binary). Written into one buffer of the exact size, so each string is encoded
 * once. pg's own paths cost more for large strings: a text[] parameter is written as an array literal with every
 * element escaped, and a text parameter per string grows pg's message buffer step by step, copying what it holds
 * at each step (for a group of 13 KB webhook bodies, several copies of the whole group, and as many large
 * buffers for the garbage collector).
 *
 * Layout (array_send): dimensions, has-nulls flag, element type, then per dimension its length and lower bound,
 * then per element its byte length (-1: null) and bytes.
 */
export function binaryTextArray(values: readonly (string | null)[]): Buffer {
  const lengths = values.map((value) => (value === null ? -1 : Buffer.byteLength(value, 'utf8')));
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
    buffer.write(value, offset, length, 'utf8');
    offset += length;
  });
  return buffer;
}
