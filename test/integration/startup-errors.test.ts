import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/test-gateway.js';
import { oneTargetConfig } from '../helpers/one-target-config.js';

const dir = mkdtempSync(join(tmpdir(), 'hookgate-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valid = `\n${oneTargetConfig({ secret: 's3cret', url: 'http://127.0.0.1:9/hook' })}`;

/** Runs the built gateway on a config text; resolves with its exit code, stderr and stdout once it exits. */
function startWith(
  name: string,
  yaml: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string; stdout: string; file: string }> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'dist', 'src', 'main.js'), file],
      {
        env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: join(dir, `${name}-data`), ...env },
        timeout: 15_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stderr,
          stdout,
          file,
        }),
    );
  });
}

/** Exit 1, exactly the expected lines on stderr, and no stack trace anywhere. */
function expectCleanRefusal(
  result: { code: number | null; stderr: string; stdout: string },
  lines: string[],
): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(`${lines.join('\n')}\n`);
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at |"stack"|Error:/);
}

describe('the gateway refuses a bad setup with a message, exit 1 and no stack trace', () => {
  it('an alias to an anchor that does not exist', async () => {
    const result = await startWith('alias', `${valid}\nextra: *nowhere\n`);
    expectCleanRefusal(result, [
      'hookgate: 1 config error:',
      `${result.file}:11:8: alias *nowhere refers to no anchor &nowhere before it`,
    ]);
  });

  it('an alias bomb', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(', ')}]`,
      );
    }
    const result = await startWith('bomb', `${levels.join('\n')}\n${valid}`);
    expectCleanRefusal(result, [
      'hookgate: 1 config error:',
      `${result.file}:2:8: the aliases in this file expand to too many values (more than 1000); write the values out instead`,
    ]);
  });

  it('an unknown LOG_LEVEL', async () => {
    const result = await startWith('level', valid, { LOG_LEVEL: 'verbose' });
    expectCleanRefusal(result, [
      'hookgate: LOG_LEVEL "verbose" is not a log level (use one of trace, debug, info, warn, error, fatal, silent)',
    ]);
  });

  it('a data folder that cannot be created', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const result = await startWith('nodata', valid, { DATA_DIR: join(blocker, 'data') });
    expectCleanRefusal(result, [
      `hookgate: cannot create the data folder ${join(blocker, 'data')} (ENOTDIR); create it, or set server.dataDir (or DATA_DIR) to a folder this user may write`,
    ]);
  });

  it('one YAML syntax slip is one error, with the way out', async () => {
    const slip = valid.replace(
      'url: "http://127.0.0.1:9/hook" }',
      'url: "http://127.0.0.1:9/hook", sign: { scheme: connect-it, secret: ${CRM_SECRET} } }',
    );
    const result = await startWith('slip', slip, { CRM_SECRET: 'x' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('hookgate: 1 config error:');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("a ${VAR} inside { } or [ ] must be quoted, e.g. secret: '${SECRET}'");
  });
});
