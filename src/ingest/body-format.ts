import type { IncomingHttpHeaders } from 'node:http';
import { RequestError } from '../errors.js';
import type { BodyFormat } from '../sources/source-presets.js';

const formType = 'application/x-www-form-urlencoded';

/**
 * The body's format from its Content-Type, before a byte of it is read: JSON (`application/json`, `…+json`), or
 * form-encoded where the source accepts it (Twilio, Slack commands). A declared charset other than UTF-8 is
 * refused with 415: JSON is UTF-8 (RFC 8259 §8.1), and decoding another charset into UTF-8 would change the bytes
 * an HTTP target passes through.
 */
export function bodyFormatOf(headers: IncomingHttpHeaders, accept: ReadonlySet<BodyFormat>): BodyFormat {
  const [typePart = '', ...params] = (headers['content-type'] ?? '').split(';');
  const type = typePart.trim().toLowerCase();
  const format: BodyFormat | undefined =
    type === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type)
      ? 'json'
      : type === formType
        ? 'form'
        : undefined;
  if (format === undefined || !accept.has(format)) {
    const wanted = [...accept].map((f) => (f === 'json' ? 'application/json' : formType)).join(' or ');
    throw new RequestError(415, 'unsupported_media_type', `the body must be ${wanted} (Content-Type)`);
  }
  for (const param of params) {
    const equals = param.indexOf('=');
    if (param.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    const charset = param
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      throw new RequestError(
        415,
        'unsupported_charset',
        `charset ${charset.slice(0, 40)} is not accepted: send the body as UTF-8 (charset=utf-8)`,
      );
    }
  }
  return format;
}
