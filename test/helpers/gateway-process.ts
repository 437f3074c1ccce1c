import { spawn, type ChildProcess } from 'node:child_process';
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
  /** Resolves once the gateway logs that it is ready (event-driven: no polling, no sleeps). */
  ready(timeoutMs?: number): Promise<void>;
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
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`gateway not ready within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const check = (): void => {
          if (output.includes('"msg":"gateway ready"')) {
            clearTimeout(timer);
            resolve();
          }
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

/** A free TCP port on 127.0.0.1 (bound then released). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
