import { request } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import Koa from 'koa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestError } from '../../../src/errors.js';
import { readRawBody } from '../../../src/ingest/read-raw-body.js';
import { serveKoa, type ServedApp } from '../../helpers/serve-koa.js';

/** What the handler under test read (or the error it threw), per request. */
let read: { body?: Buffer; error?: unknown }[] = [];
let served: ServedApp;
let port: number;

beforeAll(async () => {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx) => {
    try {
      const body = await readRawBody(ctx, Number(ctx.query.limit));
      read.push({ body });
      ctx.body = { length: body.length };
    } catch (error) {
      read.push({ error });
      ctx.status = error instanceof RequestError ? error.status : 500;
      ctx.body = { error: error instanceof RequestError ? error.code : 'internal' };
    }
  });
  served = await serveKoa(app);
  port = served.port;
});

afterAll(async () => {
  await served.close();
});

beforeEach(() => {
  read = [];
});

/**
 * POSTs `chunks` with node:http: one chunk and `content-length` by default, or `chunked` transfer encoding (no
 * length) when asked. Resolves with the status once the answer is in.
 */
function post(
  limit: number,
  chunks: readonly Buffer[],
  options: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<number> {
  const body = Buffer.concat(chunks);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (!options.chunked) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: `/?limit=${limit}`, headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    // The server may answer 413 and close before every chunk is written; only the answer matters.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (const chunk of options.chunked ? chunks : [body]) req.write(chunk);
    req.end();
  });
}

function readBody(): Buffer {
  expect(read).toHaveLength(1);
  const [only] = read;
  expect(only?.error).toBeUndefined();
  return only!.body!;
}

function readError(): RequestError {
  expect(read).toHaveLength(1);
  const error = read[0]?.error;
  expect(error).toBeInstanceOf(RequestError);
  return error as RequestError;
}

const bom = Buffer.from([0xef, 0xbb, 0xbf]);
const invalidUtf8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]);

describe('readRawBody', () => {
  it('returns the exact bytes, keeping a UTF-8 BOM and invalid UTF-8 unchanged', async () => {
    const sent = Buffer.concat([bom, Buffer.from('{"text":"'), invalidUtf8, Buffer.from('"}')]);
    expect(await post(1024, [sent])).toBe(200);
    expect(readBody().equals(sent)).toBe(true);
  });

  it('reads a chunked body without a content-length the same way', async () => {
    const chunks = [bom, Buffer.from('{"a":'), invalidUtf8, Buffer.from('1}')];
    expect(await post(1024, chunks, { chunked: true })).toBe(200);
    expect(readBody().equals(Buffer.concat(chunks))).toBe(true);
  });

  it('reads a +json media type too', async () => {
    const sent = Buffer.from('{"type":"push"}');
    const status = await post(1024, [sent], { headers: { 'content-type': 'application/vnd.github+json' } });
    expect(status).toBe(200);
    expect(readBody().equals(sent)).toBe(true);
  });

  it('accepts a body of exactly the limit', async () => {
    const sent = Buffer.alloc(64, 0x61);
    expect(await post(64, [sent])).toBe(200);
    expect(readBody().length).toBe(64);
  });

  it('rejects a body one byte over the limit, declared by content-length, with 413 payload_too_large', async () => {
    expect(await post(64, [Buffer.alloc(65, 0x61)])).toBe(413);
    const error = readError();
    expect(error.status).toBe(413);
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toBe('the body is larger than the limit of 64 bytes');
  });

  it('rejects a chunked body that grows past the limit with 413 payload_too_large', async () => {
    const chunks = Array.from({ length: 8 }, () => Buffer.alloc(16, 0x61));
    expect(await post(64, chunks, { chunked: true })).toBe(413);
    const error = readError();
    expect(error.status).toBe(413);
    expect(error.code).toBe('payload_too_large');
  });

  it('inflates a gzip body and returns the inflated bytes', async () => {
    const original = Buffer.concat([bom, Buffer.from('{"compressed":true}'), invalidUtf8]);
    const status = await post(1024, [gzipSync(original)], { headers: { 'content-encoding': 'gzip' } });
    expect(status).toBe(200);
    expect(readBody().equals(original)).toBe(true);
  });

  it('bounds the inflated size of a gzip body, not its size on the wire', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024);
    const status = await post(1024, [bomb], { headers: { 'content-encoding': 'gzip' } });
    expect(status).toBe(413);
    expect(readError().code).toBe('payload_too_large');
  });

  it('rejects an unknown content-encoding with 415', async () => {
    const status = await post(1024, [Buffer.from('{}')], { headers: { 'content-encoding': 'compress' } });
    expect(status).toBe(415);
    expect(readError().code).toBe('unsupported_media_type');
  });

  it('rejects a body that is not the gzip it claims to be with 400 bad_request', async () => {
    const status = await post(1024, [Buffer.from('{"not":"gzip"}')], {
      headers: { 'content-encoding': 'gzip' },
    });
    expect(status).toBe(400);
    expect(readError().code).toBe('bad_request');
  });
  it('reads nothing when the Content-Type is not one media type, as koa-bodyparser never did', async () => {
    const sent = Buffer.from('{"type":"push"}');
    expect(await post(1024, [sent], { headers: { 'content-type': 'application/json,text/plain' } })).toBe(
      200,
    );
    expect(readBody().length).toBe(0);
    read = [];
    // The verdict is remembered per header value; a parsable header read next is read in full.
    expect(await post(1024, [sent], { headers: { 'content-type': 'application/json; charset=utf-8' } })).toBe(
      200,
    );
    expect(readBody().equals(sent)).toBe(true);
  });

  it('refuses a body whose sender hangs up before the declared length with 400 bad_request', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /?limit=1024 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    );
    await expect.poll(() => read.length).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
    await expect.poll(() => read.length).toBe(1);
    expect(readError().code).toBe('bad_request');
  });
});
