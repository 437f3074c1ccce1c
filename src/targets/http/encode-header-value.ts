/**
 * The longest header value sent, in bytes: well within what servers accept (nginx 8 KB per header line, Apache
 * 8,190 bytes per field, Node 16 KB for all headers together), so one long value cannot get the request refused.
 */
export const maxHeaderValueBytes = 4096;

const printableAscii = /^[\x20-\x7e\t]*$/;
/** RFC 8187 attr-char: sent as it is inside an encoded value; every other byte is percent-encoded. */
const attrChar = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;
const extValuePrefix = "UTF-8''";

/**
 * A header value as it goes on the wire. Printable ASCII is sent as it is. A value with anything else (an em
 * dash, an emoji: Node refuses characters above U+00FF, and receivers read Latin-1 bytes each their own way) is
 * sent as an RFC 8187 ext-value: `UTF-8''`, then the value's UTF-8 bytes, attr-chars as they are and every other
 * byte as `%XX` (upper-case hex). `café — ok` becomes `UTF-8''caf%C3%A9%20%E2%80%94%20ok`, which any RFC 8187
 * decoder (or `decodeURIComponent` after the prefix) turns back into the text. Either way the value is cut at a
 * character boundary to at most `maxHeaderValueBytes`.
 */
export function encodeHeaderValue(value: string): string {
  if (printableAscii.test(value)) return value.slice(0, maxHeaderValueBytes);
  let encoded = extValuePrefix;
  for (const char of value) {
    const piece = attrChar.test(char) ? char : percentEncode(char);
    if (encoded.length + piece.length > maxHeaderValueBytes) break;
    encoded += piece;
  }
  return encoded;
}

function percentEncode(char: string): string {
  // Buffer writes a lone surrogate as U+FFFD, where encodeURIComponent would throw.
  let out = '';
  for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}
