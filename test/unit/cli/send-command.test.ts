import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSend } from '../../../src/cli/send-command.js';
import { captureIo, configFolder, type ConfigFolder } from '../../helpers/command-io.js';
import { HttpSink, type ReceivedRequest } from '../../helpers/http-sink.js';

const secret = 'send-command-secret';
const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** The Connect It rule, written from its docs: lowercase hex HMAC-SHA256 of the body, compared in constant time. */
function connectItVerifies(request: ReceivedRequest, key: string): boolean {
  const token = request.headers['x-connect-it-token'];
  if (typeof token !== 'string' || !/^[0-9a-f]{64}$/.test(token)) return false;
  const expected = createHmac('sha256', key).update(request.body, 'utf8').digest();
  return timingSafeEqual(Buffer.from(token, 'hex'), expected);
}

describe('runSend (hookgate send)', () => {
  const sink = new HttpSink();
  let folder: ConfigFolder;
  let url: string;

  beforeAll(async () => {
    await sink.start();
    url = `${sink.url}/webhook`;
    folder = configFolder();
  });
  afterAll(async () => {
    await sink.stop();
    folder.remove();
  });
  beforeEach(() => {
    sink.requests.length = 0;
    sink.reply = () => ({ status: 200, body: '' });
  });

  it('POSTs the file as JSON.stringify of it, signed by the Connect It rule; exit 0', async () => {
    const file = join(repoRoot, 'test', 'fixtures', 'transcript.completed.json');
    sink.reply = () => ({ status: 200, body: '{"status":"accepted"}' });
    const io = captureIo();
    expect(await runSend('transcript.completed', { file, url, secret }, io)).toBe(0);

    expect(sink.requests).toHaveLength(1);
    const request = sink.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/webhook');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toBe(JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
    expect(connectItVerifies(request, secret)).toBe(true);
    expect(connectItVerifies(request, 'another-secret')).toBe(false);
    expect(io.stdout).toEqual(['200 OK {"status":"accepted"}']);
    expect(io.stderr).toEqual([]);
  });

  it('without a file sends {"type": <event-type>}', async () => {
    const io = captureIo();
    expect(await runSend('test.completed', { url, secret }, io)).toBe(0);
    expect(sink.requests[0]?.body).toBe('{"type":"test.completed"}');
    expect(connectItVerifies(sink.requests[0]!, secret)).toBe(true);
    expect(io.stdout).toEqual(['200 OK']);
  });

  it('a file without "type" gets the event type, first', async () => {
    const file = folder.write('no-type.json', '{ "data": { "headline": "Olá 👋🏽" } }');
    expect(await runSend('transcript.completed', { file, url, secret }, captureIo())).toBe(0);
    expect(sink.requests[0]?.body).toBe('{"type":"transcript.completed","data":{"headline":"Olá 👋🏽"}}');
    expect(connectItVerifies(sink.requests[0]!, secret)).toBe(true);
  });

  it('a file whose type is not the event type: exit 1, nothing sent', async () => {
    const file = folder.write('mismatch.json', '{"type":"test.completed"}');
    const io = captureIo();
    expect(await runSend('transcript.completed', { file, url, secret }, io)).toBe(1);
    expect(io.stderr).toEqual([`${file} has type "test.completed", not "transcript.completed"`]);
    expect(io.stdout).toEqual([]);
    expect(sink.requests).toHaveLength(0);
  });

  it('a file that is not a JSON object: exit 1, nothing sent', async () => {
    const file = folder.write('array.json', '[{"type":"test.completed"}]');
    const io = captureIo();
    expect(await runSend('test.completed', { file, url, secret }, io)).toBe(1);
    expect(io.stderr).toEqual([`${file} must hold a JSON object`]);
    expect(sink.requests).toHaveLength(0);
  });

  it('no secret: exit 1 saying how to give one, nothing sent', async () => {
    for (const missing of [undefined, '']) {
      const io = captureIo();
      expect(await runSend('test.completed', { url, secret: missing }, io)).toBe(1);
      expect(io.stderr).toEqual(['no secret: pass --secret or set WEBHOOK_SECRET']);
    }
    expect(sink.requests).toHaveLength(0);
  });

  it('a rejection by the gateway: exit 1 with its status and body on stderr', async () => {
    sink.reply = () => ({
      status: 401,
      body: '{"error":{"code":"signature_invalid","message":"the signature does not match"}}',
    });
    const io = captureIo();
    expect(await runSend('test.completed', { url, secret }, io)).toBe(1);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toEqual([
      '401 Unauthorized {"error":{"code":"signature_invalid","message":"the signature does not match"}}',
    ]);
  });
});
