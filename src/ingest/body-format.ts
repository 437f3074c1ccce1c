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
  const header = headers['content-type'];
  let known = acceptedTypes.get(accept);
  const format = header === undefined ? undefined : known?.get(header);
  if (format !== undefined) return format;
  const checked = checkContentType(header, accept);
  if (header !== undefined) {
    if (!known) acceptedTypes.set(accept, (known = new Map<string, BodyFormat>()));
    if (known.size >= maxAcceptedTypes) known.clear();
    known.set(header, checked);
  }
  return checked;
}

/**
 * Content-Type values already accepted, per set of accepted formats (a source's): a sender sends the same header
 * every time, and the check splits, trims and matches it. Only accepted values are kept, and only so many: a
 * refused or varied header is checked in full each time.
 */
const acceptedTypes = new WeakMap<ReadonlySet<BodyFormat>, Map<string, BodyFormat>>();
const maxAcceptedTypes = 16;

function checkContentType(header: string | undefined, accept: ReadonlySet<BodyFormat>): BodyFormat {
  const [typePart = '', ...params] = (header ?? '').split(';');
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
