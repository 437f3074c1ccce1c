import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { repoRoot } from '../helpers/test-gateway.js';
import { oneTargetConfig } from '../helpers/one-target-config.js';

const cliPath = join(repoRoot, 'dist', 'src', 'cli.js');

/** The built CLI as a child process in `cwd`; resolves with its exit code and output. */
function cli(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 15_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('the CLI opens the store its config names, from any folder, and never invents one', () => {
  const root = mkdtempSync(join(tmpdir(), 'hookgate-cli-'));
  const site = join(root, 'site');
  const elsewhere = join(root, 'elsewhere');
  const configFile = join(site, 'gateway.yaml');

  beforeAll(async () => {
    mkdirSync(site);
    mkdirSync(elsewhere);
    // `${WEBHOOK_SECRET}` stays unset in the CLI's environment: only the server section must resolve.
    writeFileSync(
      configFile,
      oneTargetConfig({
        secret: '${WEBHOOK_SECRET}',
        url: 'http://127.0.0.1:9/hook',
        server: ['dataDir: ./state'],
      }),
    );
    const store = openSqliteStore({ dataDir: join(site, 'state') });
    for (let i = 0; i < 1000; i++) {
      await store.enqueue(
        {
          id: `evt_${String(i).padStart(4, '0')}`,
          source: 'connect-it',
          type: 'test.completed',
          dedupeKey: `k${i}`,
          receivedAt: Date.UTC(2025, 0, 1) + i,
          payload: {},
          rawBody: '{}',
        },
        [{ id: `evt_${String(i).padStart(4, '0')}~all~crm`, route: 'all', target: 'crm' }],
      );
    }
    await store.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the store of --config from another folder, resolving dataDir against the config file', async () => {
    const { code, stdout } = await cli(elsewhere, ['events', 'list', '--limit', '3', '--config', configFile]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[1]).toMatch(/^evt_0999\s/);
    expect(existsSync(join(elsewhere, 'data'))).toBe(false);
  });

  it('finds it through GATEWAY_CONFIG too', async () => {
    const { code, stdout } = await cli(elsewhere, ['deliveries', 'list', '--limit', '1'], {
      GATEWAY_CONFIG: configFile,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('evt_0999~all~crm');
  });

  it('says where it looked when there is no config, and creates nothing', async () => {
    const { code, stdout, stderr } = await cli(elsewhere, ['events', 'list']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `error: there is no config file ${join(elsewhere, 'gateway.yaml')}; name the gateway's config with --config <file> (or GATEWAY_CONFIG), or its data folder with --data-dir <folder>\n`,
    );
    expect(existsSync(join(elsewhere, 'data'))).toBe(false);
  });

  it('says so when the config names a folder without a store, and creates nothing', async () => {
    const other = join(elsewhere, 'other.yaml');
    writeFileSync(other, readFileSync(configFile, 'utf8').replace('./state', './nothing-yet'));
    const { code, stderr } = await cli(elsewhere, ['events', 'list', '--config', other]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `error: there is no store at ${join(elsewhere, 'nothing-yet', 'hookgate.db')} (the data folder of ${other}); the gateway creates it when it first starts with this config\n`,
    );
    expect(existsSync(join(elsewhere, 'nothing-yet'))).toBe(false);
  });

  it('says so when the config keeps its events in memory', async () => {
    const memory = join(elsewhere, 'memory.yaml');
    writeFileSync(memory, readFileSync(configFile, 'utf8').replace('dataDir: ./state', 'store: memory'));
    const { code, stderr } = await cli(elsewhere, ['deliveries', 'list', '--config', memory]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/uses the memory store: its events live only inside the running gateway/);
  });

  it('takes --data-dir as given, and refuses one without a store', async () => {
    expect(
      (await cli(elsewhere, ['--data-dir', join(site, 'state'), 'events', 'list', '--limit', '1'])).code,
    ).toBe(0);
    const missing = await cli(elsewhere, ['--data-dir', 'nope', 'events', 'list']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `there is no store at ${join(elsewhere, 'nope', 'hookgate.db')} (--data-dir nope)`,
    );
    expect(existsSync(join(elsewhere, 'nope'))).toBe(false);
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(await cli(elsewhere, ['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('ends quietly when its reader stops early (| head)', async () => {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        '/bin/bash',
        [
          '--noprofile',
          '--norc',
          '-c',
          `set -o pipefail; "${process.execPath}" "${cliPath}" events list --limit 1000 --json --config "${configFile}" | head -n 1`,
        ],
        { cwd: elsewhere, env: { PATH: process.env.PATH ?? '' }, timeout: 15_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('[\n');
  });
});
