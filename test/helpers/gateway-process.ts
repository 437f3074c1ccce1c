import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './test-gateway.js';

/**
 * The built gateway (`dist/src/main.js`, made by `npm run build`, which `npm test` runs first) as a real child
 * process, for what only a process shows: exit codes, signals, SIGKILL and restart.
 */
export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /**
   * Resolves once the gateway logs that it is ready (event-driven: no polling, no sleeps), with the port it
   * listens on: spawned with PORT=0, the kernel picked it and nothing could take it first.
   */
  ready(timeoutMs?: number): Promise<number>;
}

export function spawnGateway(
  configFile: string,
  env: Record<string, string>,
  options: { readonly fileLimit?: number } = {},
): GatewayProcess {
  const command = [process.execPath, join(repoRoot, 'dist', 'src', 'main.js'), configFile];
  // A lowered open-file limit (soft, which any process may lower) applies to the gateway alone.
  const [file = '', ...args] =
    options.fileLimit === undefined
      ? command
      : ['/bin/sh', '-c', `ulimit -n ${options.fileLimit} && exec "$@"`, 'sh', ...command];
  const child = spawn(file, args, {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => output,
    exited,
    ready(timeoutMs = 15_000) {
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`gateway not ready within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const check = (): void => {
          // Whole lines only: the last piece may still be arriving.
          const line = output
            .split('\n')
            .slice(0, -1)
            .find((text) => text.includes('"msg":"gateway ready"'));
          if (line === undefined) return;
          clearTimeout(timer);
          const port = portOf(line);
          if (port === undefined) reject(new Error(`the ready line names no port: ${line}`));
          else resolve(port);
        };
        child.stdout.on('data', check);
        child.on('exit', () => {
          clearTimeout(timer);
          reject(new Error(`gateway exited before it was ready:\n${output}`));
        });
        check();
      });
    },
  };
}

/**
 * A free TCP port on 127.0.0.1 for a server a test starts later, chosen outside the kernel's ephemeral range. A
 * port from `listen(0)` comes from that range, and once released it may be taken as the source port of any
 * outgoing connection (PostgreSQL pools, proxies, HTTP clients: the suite opens many) before the server binds it:
 * "address in use". Ports below the range are never handed out that way, so only another caller picking the same
 * port could race, and this process never hands one out twice. Where a test can let the server pick, prefer port
 * 0 and read the port back (`GatewayProcess.ready` resolves with it).
 */
export async function freePort(): Promise<number> {
  const [low, high] = portRange();
  for (let tries = 0; tries < 100; tries++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found in ${low}-${high}`);
}

const handedOut = new Set<number>();

/** Below the ephemeral range (ip_local_port_range, default 32768-60999), above the well-known services. */
function portRange(): [number, number] {
  let ephemeralLow = 32_768;
  try {
    const [first] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const parsed = Number(first);
    if (Number.isInteger(parsed) && parsed > 12_000) ephemeralLow = parsed;
  } catch {
    // Not Linux: the IANA default range starts at 49152; the default above is below it too.
  }
  return [ephemeralLow - 10_000, ephemeralLow];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function portOf(readyLine: string): number | undefined {
  try {
    const port = (JSON.parse(readyLine) as { port?: unknown }).port;
    return typeof port === 'number' ? port : undefined;
  } catch {
    return undefined;
  }
}
