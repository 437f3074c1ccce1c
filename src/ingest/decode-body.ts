import { isUtf8 } from 'node:buffer';
import { RequestError } from '../errors.js';

/**
 * The verified body as text. Bytes that are not UTF-8 (Latin-1 sent without a charset, say) are refused rather
 * than decoded with replacement characters: the stored text would no longer be the bytes received, and a
 * pass-through target would send something the sender never did.
 */
export function decodeBody(rawBody: Buffer): string {
  if (!isUtf8(rawBody)) {
    throw new RequestError(415, 'unsupported_charset', 'the body is not valid UTF-8: send it as UTF-8');
  }
  return rawBody.toString('utf8');
}
