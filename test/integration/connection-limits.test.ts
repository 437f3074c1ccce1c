import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { oneTargetConfig } from '../helpers/one-target-config.js';

const secret = 'limits-secret';
// Short limits so the test takes fractions of a second; the defaults are 10 s, 10 s and 30 s.
const yaml = oneTargetConfig({
  secret,
  url: 'http://127.0.0.1:9/hook',
  server: ['maxConnections: 3', 'idleTimeout: 300ms', 'headersTimeout: 400ms', 'requestTimeout: 2s'],
});

/** A raw TCP connection to the gateway, and a promise of when the server closes it (or a verdict after `boundMs`). */
async function open(
  url: string,
): Promise<{ socket: Socket; received: () => string; closed: (boundMs: number) => Promise<string> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => {});
  const ended = new Promise<string>((resolve) => socket.on('close', () => resolve('closed')));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    socket,
    received: () => received,
    closed: (boundMs) =>
      Promise.race([
        ended,
        new Promise<string>((resolve) => setTimeout(() => resolve('still open'), boundMs).unref()),
      ]),
  };
}

describe('inbound connections are bounded in number and in time', () => {
  let running: TestGateway;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    running = await startTestGateway({ yaml });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await running.stop();
  });

  it('closes a connection that never sends a byte', async () => {
    const idle = await open(running.gateway.url);
    sockets.push(idle.socket);
    // The bound is generous against a loaded machine; without an idle timeout the connection stays open forever.
    expect(await idle.closed(5_000)).toBe('closed');
    expect(idle.received()).toBe('');
  });

  it('closes a connection whose headers trickle in, however it keeps the socket busy', async () => {
    const slow = await open(running.gateway.url);
    sockets.push(slow.socket);
    slow.socket.write('POST /webhook HTTP/1.1\r\nHost: x\r\n');
    // One header line every 50 ms: the socket is never idle for the idle timeout, only the headers timeout ends it.
    const trickle = setInterval(() => slow.socket.write('X-Slow: 1\r\n'), 50);
    try {
      expect(await slow.closed(5_000)).toBe('closed');
    } finally {
      clearInterval(trickle);
    }
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses connections beyond maxConnections, counts them, and serves again once those are gone', async () => {
    const held = await Promise.all([1, 2, 3].map(() => open(running.gateway.url)));
    sockets.push(...held.map((h) => h.socket));
    const extra = await open(running.gateway.url);
    sockets.push(extra.socket);
    // Closed at once by the server, before the idle timeout could have done it.
    expect(await extra.closed(250)).toBe('closed');
    expect(extra.received()).toBe('');
    // The held ones go after their idle timeout; then a webhook gets in.
    await Promise.all(held.map((h) => h.closed(5_000)));
    const response = await postSigned(`${running.gateway.url}/webhook`, { type: 'test.completed' }, secret);
    expect(response.status).toBe(200);
    const metrics = await (await fetch(`${running.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/^hookgate_http_connections_dropped_total\{listener="public"\} [1-9]/m);
  });
});
