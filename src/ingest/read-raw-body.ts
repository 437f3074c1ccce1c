import bodyParser from 'koa-bodyparser';
import type { Context } from 'koa';
import { RequestError } from '../errors.js';

type Parser = ReturnType<typeof bodyParser>;
const parsers = new Map<number, Parser>();

/**
 * Reads the body as the exact bytes received, bounded by `limitBytes`. koa-bodyparser is set to its text mode with
 * `encoding: null` so it hands back a Buffer untouched (no decoding, no BOM stripping): signatures are computed
 * over the raw bytes, and JSON is parsed only after they verify.
 */
export async function readRawBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  let parser = parsers.get(limitBytes);
  if (!parser) {
    parser = bodyParser({
      enableTypes: ['text'],
      extendTypes: { text: ['application/json', 'application/*+json', 'application/x-www-form-urlencoded'] },
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

function bodyError(error: Error & { status?: number; type?: string }, limitBytes: number): RequestError {
  if (error.status === 413) {
    return new RequestError(
      413,
      'payload_too_large',
      `the body is larger than the limit of ${limitBytes} bytes`,
    );
  }
  if (error.status === 415) {
    return new RequestError(415, 'unsupported_media_type', 'unsupported Content-Encoding');
  }
  return new RequestError(400, 'bad_request', 'the body could not be read', { cause: error });
}
