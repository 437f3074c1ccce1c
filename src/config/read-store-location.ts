import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isNode } from 'yaml';
import { ConfigError } from '../errors.js';
import { isJsonObject } from '../json/is-json-value.js';
import { errorCode } from '../targets/shared/error-code.js';
import { ConfigSource } from './config-source.js';
import { serverDefaults } from './gateway-file.js';
import { interpolateEnv } from './interpolate-env.js';
import { resolveDataDir } from './read-server-config.js';

export interface StoreLocation {
  readonly store: 'sqlite' | 'memory';
  /** Absolute, resolved exactly as the gateway resolves it. */
  readonly dataDir: string;
}

/**
 * Where the gateway of a config file keeps its store, for the CLI's store commands. Only the `server` section is
 * read (and only its `${VAR}`s must be set): inspecting the queue must not need the webhook secrets in the shell.
 * Throws a `ConfigError` when the file cannot be read or that section is wrong.
 */
export function readStoreLocation(file: string, env: NodeJS.ProcessEnv): StoreLocation {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errorCode(error) ?? 'error';
    throw new ConfigError([{ file, line: 1, column: 1, message: `cannot read the config file (${code})` }]);
  }
  const source = ConfigSource.parse(file, text);
  if (source.problems.length > 0) throw new ConfigError(source.problems);
  const node: unknown = source.doc.get('server', true);
  if (isNode(node)) interpolateEnv(source, env, node);
  const raw: unknown = isNode(node) ? node.toJSON() : {};
  if (!isJsonObject(raw)) source.add(['server'], 'server must be a mapping');
  const server = isJsonObject(raw) ? raw : {};
  const { dataDir, store } = server;
  if (dataDir !== undefined && typeof dataDir !== 'string')
    source.add(['server', 'dataDir'], 'server.dataDir must be a folder path');
  if (store !== undefined && store !== 'sqlite' && store !== 'memory')
    source.add(['server', 'store'], 'server.store must be sqlite or memory');
  if (source.problems.length > 0) throw new ConfigError(source.problems);
  return {
    store: store === 'sqlite' || store === 'memory' ? store : serverDefaults.store,
    dataDir: resolveDataDir(typeof dataDir === 'string' ? dataDir : undefined, env, dirname(path)),
  };
}
