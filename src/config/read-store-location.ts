import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isNode } from 'yaml';
import { ConfigError } from '../errors.js';
import type { JsonObject } from '../types.js';
import type { StoreKind } from './gateway-config.js';
import { ConfigSource } from './config-source.js';
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
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError([{ file, line: 1, column: 1, message: `cannot read the config file (${code})` }]);
  }
  const source = ConfigSource.parse(file, text);
  if (source.problems.length > 0) throw new ConfigError(source.problems);
  const node: unknown = source.doc.get('server', true);
  if (isNode(node)) interpolateEnv(source, env, node);
  const raw = isNode(node) ? (node.toJSON() as unknown) : {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    source.add(['server'], 'server must be a mapping');
  const server = (raw ?? {}) as JsonObject;
  if (server.dataDir !== undefined && typeof server.dataDir !== 'string')
    source.add(['server', 'dataDir'], 'server.dataDir must be a folder path');
  if (server.store !== undefined && !storeKinds.includes(server.store as StoreKind))
    source.add(['server', 'store'], 'server.store must be sqlite, postgres or memory');
  const store = (server.store as StoreKind | undefined) ?? 'sqlite';
  const databaseUrl = server.databaseUrl;
  if (databaseUrl !== undefined && typeof databaseUrl !== 'string')
    source.add(['server', 'databaseUrl'], 'server.databaseUrl must be a connection URL');
  if (store === 'postgres' && databaseUrl === undefined)
    source.add(['server', 'store'], 'server.store postgres needs server.databaseUrl (e.g. ${DATABASE_URL})');
  if (source.problems.length > 0) throw new ConfigError(source.problems);
  return {
    store,
    dataDir: resolveDataDir(server.dataDir as string | undefined, env, dirname(path)),
    databaseUrl: databaseUrl as string | undefined,
    // The CLI answers one command at a time: one connection is enough whatever the gateway uses.
    databasePool: 1,
  };
}
