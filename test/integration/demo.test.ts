import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/test-gateway.js';

/** Runs the built demo (`npm run demo` builds, then runs this) as a child process; resolves when it exits. */
function runDemo(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'dist', 'scripts', 'demo.js')],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '' }, timeout: 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe('npm run demo', () => {
  it('exits 0 after showing both Slack messages and the 401 for the bad signature', async () => {
    const { code, output } = await runDemo();
    expect(output).toMatch(/^gateway listening on http:\/\/127\.0\.0\.1:\d+\/webhook/);

    expect(output).toMatch(
      /→ POST \/webhook test\.completed: 200 \{[^\n]*"status":"accepted","deliveries":1\}/,
    );
    expect(output).toMatch(
      /→ POST \/webhook transcript\.completed: 200 \{[^\n]*"status":"accepted","deliveries":1\}/,
    );

    const first = output.indexOf('┌─ Slack message #1 (/services/DEMO)');
    const second = output.indexOf('┌─ Slack message #2 (/services/DEMO)');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(output.slice(first, second)).toContain('│ CONNECT IT WEBHOOK CONNECTED');
    const transcript = output.slice(second);
    expect(transcript).toContain('│ WEEKLY PLANNING: GATEWAY ROLL-OUT');
    expect(transcript).toContain('│ *Ana Lima* · 28 Nov 2026, 15:31 UTC · 31m');
    expect(transcript).toContain('│ Ana: Great. Next week we move every integration over.');

    expect(output).toContain(
      '→ POST /webhook with a bad signature: 401 {"error":{"code":"signature_invalid","message":"the signature does not match"}} (nothing sent)',
    );
    // The tampered event was refused before anything was queued: no third message was printed.
    expect(output).not.toContain('Slack message #3');
    expect(output).toContain('demo finished');
    // Nothing is logged after the end: no error, no stack trace (once "StoreError: the store is closed").
    expect(output.slice(output.indexOf('demo finished'))).toBe(
      'demo finished: edit gateway.yaml and run `npm run demo` again to see your own messages.\n',
    );
    expect(output).not.toMatch(/"level":(50|60)|Error:/);
    expect(code).toBe(0);
  });
});
