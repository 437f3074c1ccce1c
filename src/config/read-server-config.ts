import { resolve } from 'node:path';
import type { JsonObject } from '../types.js';
import type { ServerConfig, StoreKind } from './gateway-config.js';
import { parseDuration, parseSize } from './parse-size.js';

/** A problem in the `server` section: the key it concerns and what is wrong. */
export interface ServerProblem {
  readonly key: string;
  readonly message: string;
}

/**
 * The `server` section (already schema-checked) with its defaults. PORT and DATA_DIR give the port and data folder
 * when the file does not. A relative `dataDir` or `schemaDir` is resolved against `baseDir`, the config file's
 * folder, so the gateway and the CLI find the same store from whatever folder they are started in.
 */
export function readServerConfig(
  raw: JsonObject,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  problems: ServerProblem[] = [],
): ServerConfig {
  const port = (raw.port as number | undefined) ?? envPort(env.PORT) ?? 3221;
  const host = (raw.host as string | undefined) ?? '0.0.0.0';
  const adminPort = raw.adminPort as number | undefined;
  if (adminPort !== undefined && adminPort !== 0 && adminPort === port)
    problems.push({ key: 'adminPort', message: `server.adminPort must differ from server.port (${port})` });
  const headersTimeoutMs = duration(raw.headersTimeout, '10s');
  const requestTimeoutMs = duration(raw.requestTimeout, '30s');
  if (headersTimeoutMs > requestTimeoutMs)
    problems.push({
      key: 'headersTimeout',
      message: 'server.headersTimeout must not exceed server.requestTimeout',
    });
  const store = (raw.store as StoreKind | undefined) ?? 'sqlite';
  const databaseUrl = raw.databaseUrl as string | undefined;
  if (store === 'postgres' && databaseUrl === undefined)
    problems.push({
      key: 'store',
      message: 'server.store postgres needs server.databaseUrl (e.g. ${DATABASE_URL})',
    });
  return {
    port,
    host,
    ...(adminPort !== undefined
      ? { admin: { port: adminPort, host: (raw.adminHost as string | undefined) ?? host } }
      : {}),
    bodyLimitBytes: parseSize((raw.bodyLimit as string | number | undefined) ?? '5mb'),
    dataDir: resolveDataDir(raw.dataDir as string | undefined, env, baseDir),
    schemaDir: resolve(baseDir, (raw.schemaDir as string | undefined) ?? (env.SCHEMA_DIR || '.')),
    shutdownTimeoutMs: (raw.shutdownTimeoutMs as number | undefined) ?? 10_000,
    store,
    databaseUrl,
    databasePool: (raw.databasePool as number | undefined) ?? 4,
    durability: (raw.durability as 'process' | 'power' | undefined) ?? 'process',
    dedupeWindowMs: duration(raw.dedupeWindow, '24h'),
    retentionMs: duration(raw.retention, '7d'),
    deliveryLeaseMs: duration(raw.deliveryLease, '2m'),
    watchConfig: (raw.watchConfig as boolean | undefined) ?? false,
    connections: {
      maxConnections: raw.maxConnections as number | undefined,
      idleTimeoutMs: duration(raw.idleTimeout, '10s'),
      headersTimeoutMs,
      requestTimeoutMs,
    },
  };
}

/** The data folder, absolute: the file's `dataDir`, else $DATA_DIR, else ./data, against the config's folder. */
export function resolveDataDir(dataDir: string | undefined, env: NodeJS.ProcessEnv, baseDir: string): string {
  return resolve(baseDir, dataDir ?? (env.DATA_DIR || './data'));
}

function duration(value: unknown, fallback: string): number {
  return parseDuration((value as string | number | undefined) ?? fallback);
}

function envPort(value: string | undefined): number | undefined {
  const port = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(port) && port >= 0 && port <= 65535
    ? port
    : undefined;
}
