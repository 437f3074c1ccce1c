import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, spawnGateway, type GatewayProcess } from '../helpers/gateway-process.js';
import { HttpSink } from '../helpers/http-sink.js';
import { connectItSignature } from '../helpers/sign.js';
import { oneTargetConfig } from '../helpers/one-target-config.js';

const secret = 'file-limit-secret';
const fileLimit = 128;

/** One request on a keep-alive agent's single socket (so it gets in before the flood and stays in). */
function send(agent: Agent, port: number, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['x-connect-it-token'] = connectItSignature(body, secret);
    }
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('inbound connections cannot take the descriptors outbound deliveries need', () => {
  const sink = new HttpSink();
  const flood: Socket[] = [];
  let gateway: GatewayProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-file-limit-'));
  afterAll(async () => {
    for (const socket of flood) socket.destroy();
    gateway?.child.kill('SIGKILL');
    await gateway?.exited;
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers while ${fileLimit * 2} idle connections press on a gateway limited to ${fileLimit} open files`, async () => {
    await sink.start();
    const configFile = join(dir, 'gateway.yaml');
    writeFileSync(configFile, oneTargetConfig({ secret, url: `${sink.url}/hook` }));
    const port = await freePort();
    gateway = spawnGateway(configFile, { PORT: String(port), DATA_DIR: join(dir, 'data') }, { fileLimit });
    await gateway.ready();
    // The cap derived from the limit, logged at start: (128 - 64) / 2.
    expect(gateway.output()).toMatch(/"maxConnections":32\b/);

    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect(await send(agent, port, 'GET', '/healthz')).toBe(200);

    // Twice the file limit in idle connections: without a cap, they would take every descriptor left.
    await Promise.all(
      Array.from({ length: fileLimit * 2 }, () => {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => {});
        flood.push(socket);
        return new Promise<void>((resolve) => {
          socket.once('connect', () => resolve());
          socket.once('close', () => resolve());
        });
      }),
    );

    const body = JSON.stringify({ type: 'test.completed', id: 'under-pressure' });
    expect(await send(agent, port, 'POST', '/webhook', body)).toBe(200);
    // The delivery needs an outbound socket, hence a descriptor: it must get one while the flood still presses.
    await sink.waitFor(1, 10_000);
    expect(sink.requests[0]?.body).toBe(body);
    expect(gateway.output()).not.toContain('EMFILE');
    agent.destroy();
  }, 30_000);
});
