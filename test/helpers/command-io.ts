import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandIo } from '../../src/cli/check-command.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** A `CommandIo` that keeps what a command prints, one entry per call, with the environment it is given. */
export interface CapturedIo extends CommandIo {
  readonly stdout: string[];
  readonly stderr: string[];
}

export function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text), env };
}

/** A temp folder with the shipped event schemas under `config/`, for config files that refer to them. */
export interface ConfigFolder {
  readonly dir: string;
  /** Writes a file into the folder and returns its path. */
  write(name: string, text: string): string;
  remove(): void;
}

export function configFolder(): ConfigFolder {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-cli-'));
  cpSync(join(repoRoot, 'config'), join(dir, 'config'), { recursive: true });
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
