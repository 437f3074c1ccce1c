import { mkdtempSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { startGateway, type RunningGateway } from '../../src/gateway.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface TestGateway {
  readonly gateway: RunningGateway;
  readonly dir: string;
  readonly configFile: string;
  /** Stops the gateway and removes its folder, unless asked to keep it (for a restart on the same data). */
  stop(options?: { keepDir?: boolean }): Promise<void>;
}

/**
 * Starts the real gateway on a free port with a config written to a fresh temp folder (the shipped event schemas
 * copied beside it) and its data folder inside. `yaml` undefined means the shipped gateway.yaml.
 */
export async function startTestGateway(options: {
  yaml?: string;
  env?: Record<string, string>;
  /** The folder of a gateway stopped with `keepDir`: starts a new one on the same config and data. */
  dir?: string;
}): Promise<TestGateway> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'hookgate-test-'));
  cpSync(join(repoRoot, 'config'), join(dir, 'config'), { recursive: true });
  const configFile = join(dir, 'gateway.yaml');
  if (options.yaml === undefined) cpSync(join(repoRoot, 'gateway.yaml'), configFile);
  else writeFileSync(configFile, options.yaml);
  const gateway = await startGateway({
    configFile,
    env: { DATA_DIR: join(dir, 'data'), ...options.env },
    logger: pino({ level: 'silent' }),
    port: 0,
  });
  return {
    gateway,
    dir,
    configFile,
    async stop(stopOptions = {}) {
      await gateway.stop();
      if (!stopOptions.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
