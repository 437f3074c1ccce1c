import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, spawnGateway, type GatewayProcess } from '../helpers/gateway-process.js';
import { postSigned } from '../helpers/sign.js';
import { repoRoot } from '../helpers/test-gateway.js';
import { oneTargetConfig } from '../helpers/one-target-config.js';

const run = promisify(execFile);
const secret = 'lock-secret';

describe('one gateway process per data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-lock-'));
  const dataDir = join(dir, 'data');
  const configFile = join(dir, 'gateway.yaml');
  const processes: GatewayProcess[] = [];
  // A target that takes requests and never answers: a delivery sent to it stays in flight.
  let received = 0;
  let onRequest = (): void => {};
  const target = createServer(() => {
    received++;
    onRequest();
  });
  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    target.closeAllConnections();
    target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (): Promise<{ gateway: GatewayProcess; port: number }> => {
    const port = await freePort();
    const gateway = spawnGateway(configFile, { PORT: String(port), DATA_DIR: dataDir });
    processes.push(gateway);
    return { gateway, port };
  };

  it('refuses a second process with a clear message, lets the CLI in, and frees the folder when the holder is killed', async () => {
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    writeFileSync(
      configFile,
      oneTargetConfig({ secret, url: `${targetUrl}/hook`, target: 'timeoutMs: 60000' }),
    );
    const first = await start();
    await first.gateway.ready();
    const accepted = await postSigned(
      `http://127.0.0.1:${first.port}/webhook`,
      { type: 'test.completed', id: 'a' },
      secret,
    );
    expect(accepted.status).toBe(200);
    if (received === 0) await new Promise<void>((resolve) => (onRequest = resolve));

    const second = await start();
    expect(await second.gateway.exited).toBe(1);
    const pid = first.gateway.child.pid ?? 0;
    expect(second.gateway.output()).toContain(
      `hookgate: the data folder ${dataDir} is in use by another hookgate process (pid ${pid}); stop it first, or give this one another server.dataDir`,
    );
    expect(second.gateway.output()).not.toMatch(/\n\s+at /);
    // The second never touched the first one's in-flight delivery: it is still in flight, sent once.
    expect(received).toBe(1);

    // The CLI reads the same store beside the running gateway (no lock on hookgate.db itself).
    const { stdout } = await run(
      process.execPath,
      [join(repoRoot, 'dist', 'src', 'cli.js'), 'deliveries', 'list', '--config', configFile],
      {
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
      },
    );
    expect(stdout).toMatch(/in_flight/);

    // A crash cannot leave the lock behind: the kernel drops it with the process.
    first.gateway.child.kill('SIGKILL');
    expect(await first.gateway.exited).toBe('SIGKILL');
    const third = await start();
    await third.gateway.ready();
    expect(third.gateway.output()).toContain(
      'deliveries in flight when the last process stopped are due again',
    );
  }, 45_000);
});
