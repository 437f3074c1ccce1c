import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultMaxConnections, openFileLimit } from '../../../src/server/file-limit.js';

const dir = mkdtempSync(join(tmpdir(), 'hookgate-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function limitsFile(openFiles: string): string {
  const file = join(dir, `limits-${openFiles.replace(/\W/g, '_')}`);
  writeFileSync(
    file,
    [
      'Limit                     Soft Limit           Hard Limit           Units',
      'Max processes             63704                63704                processes',
      `Max open files            ${openFiles}                files`,
    ].join('\n'),
  );
  return file;
}

describe('openFileLimit', () => {
  it('reads the soft limit on open files', () => {
    expect(openFileLimit(limitsFile('1024                 524288'))).toBe(1024);
  });

  it('is undefined when unlimited or unknown', () => {
    expect(openFileLimit(limitsFile('unlimited            unlimited'))).toBeUndefined();
    expect(openFileLimit(join(dir, 'missing'))).toBeUndefined();
  });

  it('reads this process’s limit on Linux', () => {
    if (process.platform === 'linux') expect(openFileLimit()).toBeGreaterThan(0);
  });
});

describe('defaultMaxConnections', () => {
  it('leaves half of what the reserve leaves to everything else', () => {
    expect(defaultMaxConnections(1024)).toBe(480);
    expect(defaultMaxConnections(128)).toBe(32);
  });

  it('stays within 8 and 4096', () => {
    expect(defaultMaxConnections(40)).toBe(8);
    expect(defaultMaxConnections(1_048_576)).toBe(4096);
    expect(defaultMaxConnections(undefined)).toBe(4096);
  });
});
