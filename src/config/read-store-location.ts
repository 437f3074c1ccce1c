import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isNode } from 'yaml';
import { ConfigError } from '../errors.js';
import { isJsonObject } from '../json/is-json-value.js';
import { errorCode } from '../targets/shared/error-code.js';
import type { StoreKind } from './gateway-config.js';
import { ConfigSource } from './config-source.js';
import { serverDefaults } from './gateway-file.js';
import { interpolateEnv } from './interpolate-env.js';
import { resolveDataDir } from './read-server-config.js';

export interface StoreLocation {
  readonly store: StoreKind;
  /** Absolute, resolved exactly as the gateway resolves it. */
  readonly dataDir: string;
  /** `store: postgres`: the connection URL (holds a password: never log it). */
  readonly databaseUrl: string | undefined;
  readonly databasePool: number;
}

const storeKinds: readonly StoreKind[] = ['sqlite', 'postgres', 'memory'];

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
  const kind = storeKinds.find((k) => k === store);
  if (store !== undefined && kind === undefined)
    source.add(['server', 'store'], 'server.store must be sqlite, postgres or memory');
  const { databaseUrl } = server;
  if (databaseUrl !== undefined && typeof databaseUrl !== 'string')
    source.add(['server', 'databaseUrl'], 'server.databaseUrl must be a connection URL');
  if (kind === 'postgres' && databaseUrl === undefined)
    source.add(['server', 'store'], 'server.store postgres needs server.databaseUrl (e.g. ${DATABASE_URL})');
  if (source.problems.length > 0) throw new ConfigError(source.problems);
  return {
    store: kind ?? serverDefaults.store,
    dataDir: resolveDataDir(typeof dataDir === 'string' ? dataDir : undefined, env, dirname(path)),
    databaseUrl: typeof databaseUrl === 'string' ? databaseUrl : undefined,
    // The CLI answers one command at a time: one connection is enough whatever the gateway uses.
    databasePool: 1,
  };
}
