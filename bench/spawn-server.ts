import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SpawnOptions {
  /** The compiled script to run with `process.execPath`. */
  readonly script: string;
  readonly args?: readonly string[];
  readonly execArgv?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
  /** Where the child's stdout goes: a file path, or /dev/null. */
  readonly stdoutFile: string;
  readonly readyTimeoutMs?: number;
}

export interface SpawnedServer {
  readonly pid: number;
  readonly baseUrl: string;
  /** spawn → first 200 from GET /readyz. */
  readonly startupMs: number;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** A port that was free a moment ago on 127.0.0.1 (the child binds it; nothing else here races for ports). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Spawns a server as a child of this process and waits until GET /readyz answers 200 (polled every 5 ms), or
 * fails with the tail of its stderr if it exits or is not ready within `readyTimeoutMs`.
 */
export async function spawnServer(options: SpawnOptions): Promise<SpawnedServer> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const stdout = openSync(options.stdoutFile, 'a');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...(options.execArgv ?? []), options.script, ...(options.args ?? [])],
    {
      env: { ...options.env, PORT: String(options.port) },
      stdio: ['ignore', stdout, 'pipe'],
    },
  );
  closeSync(stdout);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  const deadline = started + (options.readyTimeoutMs ?? 30_000);
  while (!(await isReady(baseUrl))) {
    if (exitCode !== undefined)
      throw new Error(`${options.script} exited with ${exitCode}: ${stderr.trim()}`);
    if (performance.now() > deadline) {
      await stopChild(child, exited, 2_000);
      throw new Error(
        `${options.script} not ready within ${options.readyTimeoutMs ?? 30_000} ms: ${stderr.trim()}`,
      );
    }
    await sleep(5);
  }
  const startupMs = performance.now() - started;
  if (child.pid === undefined) throw new Error(`${options.script} has no pid`);
  return {
    pid: child.pid,
    baseUrl,
    startupMs,
    stop: (graceMs = 15_000) => stopChild(child, exited, graceMs),
  };
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<number | null>,
  graceMs: number,
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

function isReady(baseUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(`${baseUrl}/readyz`, { agent: false, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
