import type { IncomingMessage } from 'node:http';
import bodyParser from 'koa-bodyparser';
import type { Context } from 'koa';
import { RequestError } from '../errors.js';

type Parser = ReturnType<typeof bodyParser>;
const parsers = new Map<number, Parser>();

/** The media types koa-bodyparser reads as text here; anything else leaves the body empty (see `readsBody`). */
const bodyTypes = [
  'text/plain',
  'application/json',
  'application/*+json',
  'application/x-www-form-urlencoded',
];

/**
 * Reads the body as the exact bytes received, bounded by `limitBytes`. An unencoded body (no Content-Encoding,
 * the case of every sender we know) is read straight from the request stream: koa-bodyparser, co-body and
 * raw-body cost several microseconds per request for options, promises and a copy of the bytes. A body with a
 * Content-Encoding (gzip, deflate, or one refused with 415) still goes through koa-bodyparser, set to its text
 * mode with `encoding: null` so it hands back a Buffer untouched (no decoding, no BOM stripping): signatures are
 * computed over the raw bytes, and JSON is parsed only after they verify. Both ways answer alike: the same
 * limit, the same errors, and an empty body where koa-bodyparser would not read one.
 */
export async function readRawBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  if (ctx.req.headers['content-encoding'] === undefined) {
    return readsBody(ctx) ? readUnencoded(ctx.req, limitBytes) : Buffer.alloc(0);
  }
  let parser = parsers.get(limitBytes);
  if (!parser) {
    parser = bodyParser({
      enableTypes: ['text'],
      extendTypes: { text: bodyTypes.slice(1) },
      textLimit: String(limitBytes),
      encoding: null as unknown as string,
      onerror: (error: Error & { status?: number; type?: string }) => {
        throw bodyError(error, limitBytes);
      },
    });
    parsers.set(limitBytes, parser);
  }
  await parser(ctx, async () => {});
  const body: unknown = ctx.request.body;
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}

/** Content-Type values seen so far and whether koa-bodyparser would read their body (few distinct ones exist). */
const typeVerdicts = new Map<string, boolean>();
const maxTypeVerdicts = 64;

/**
 * Whether koa-bodyparser would read this body: its media type matches (type-is, which also refuses a header it
 * cannot parse, such as a parameter without `=`). Remembered per header value (bounded: a sender varying the
 * header only empties the memo).
 */
function readsBody(ctx: Context): boolean {
  const header = ctx.req.headers['content-type'];
  if (header === undefined) return false;
  const known = typeVerdicts.get(header);
  if (known !== undefined) return known;
  // null: the request has no body (type-is says so before it looks at the type); there is nothing to read.
  const match = ctx.request.is(bodyTypes);
  if (match === null) return false;
  const verdict = match !== false;
  if (typeVerdicts.size >= maxTypeVerdicts) typeVerdicts.clear();
  typeVerdicts.set(header, verdict);
  return verdict;
}

/** The request's bytes as they arrive, refused with 413 as soon as they exceed the limit (declared or sent). */
function readUnencoded(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  // As raw-body reads a declared length (co-body passes `~~content-length`).
  const length = declared === undefined || declared === '' ? undefined : ~~declared;
  if (length !== undefined && length > limitBytes) return Promise.reject(tooLarge(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    // After a body was read whole the listeners stay: only `close` can still come, and `settled` makes it a no-op.
    // Removing the five of them showed as 1.5 % of the gateway's busy time under load (the stream's
    // removeListener), and the request object, listeners and all, is dropped with the request.
    const finish = (error: RequestError | undefined): void => {
      if (settled) return;
      settled = true;
      if (error) {
        req.removeListener('data', onData);
        req.removeListener('end', onEnd);
        req.removeListener('aborted', onAborted);
        req.removeListener('close', onClose);
        // Stop reading the rest; Node discards it once the answer is sent. The error listener stays: an error on
        // the request stream after the refusal must not become an uncaught one.
        req.pause();
        reject(error);
        return;
      }
      const [first] = chunks;
      resolve(chunks.length === 1 && first ? first : Buffer.concat(chunks, received));
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limitBytes) finish(tooLarge(limitBytes));
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      if (length !== undefined && received !== length) {
        finish(new RequestError(400, 'bad_request', 'the body could not be read'));
      } else finish(undefined);
    };
    const onError = (): void => finish(new RequestError(400, 'bad_request', 'the body could not be read'));
    const onAborted = onError;
    const onClose = (): void => {
      if (!req.complete) onError();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
    req.on('close', onClose);
  });
}

function tooLarge(limitBytes: number): RequestError {
  return new RequestError(
    413,
    'payload_too_large',
    `the body is larger than the limit of ${limitBytes} bytes`,
  );
}

function bodyError(error: Error & { status?: number; type?: string }, limitBytes: number): RequestError {
  if (error.status === 413) return tooLarge(limitBytes);
  if (error.status === 415) {
    return new RequestError(415, 'unsupported_media_type', 'unsupported Content-Encoding');
  }
  return new RequestError(400, 'bad_request', 'the body could not be read', { cause: error });
}
