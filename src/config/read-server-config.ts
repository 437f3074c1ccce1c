import { resolve } from 'node:path';
import type { ServerConfig } from './gateway-config.js';
import { serverDefaults, type Duration, type GatewayFile } from './gateway-file.js';
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
  raw: NonNullable<GatewayFile['server']>,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  problems: ServerProblem[] = [],
): ServerConfig {
  const port = raw.port ?? envPort(env.PORT) ?? serverDefaults.port;
  const host = raw.host ?? serverDefaults.host;
  const adminPort = raw.adminPort;
  if (adminPort !== undefined && adminPort !== 0 && adminPort === port)
    problems.push({ key: 'adminPort', message: `server.adminPort must differ from server.port (${port})` });
  const headersTimeoutMs = parseDuration(raw.headersTimeout ?? serverDefaults.headersTimeout);
  const requestTimeoutMs = parseDuration(raw.requestTimeout ?? serverDefaults.requestTimeout);
  if (headersTimeoutMs > requestTimeoutMs)
    problems.push({
      key: 'headersTimeout',
      message: 'server.headersTimeout must not exceed server.requestTimeout',
    });
  const store = raw.store ?? serverDefaults.store;
  const databaseUrl = raw.databaseUrl;
  if (store === 'postgres' && databaseUrl === undefined)
    problems.push({
      key: 'store',
      message: 'server.store postgres needs server.databaseUrl (e.g. ${DATABASE_URL})',
    });
  return {
    port,
    host,
    ...(adminPort !== undefined ? { admin: { port: adminPort, host: raw.adminHost ?? host } } : {}),
    bodyLimitBytes: parseSize(raw.bodyLimit ?? serverDefaults.bodyLimit),
    dataDir: resolveDataDir(raw.dataDir, env, baseDir),
    schemaDir: resolve(baseDir, raw.schemaDir ?? (env.SCHEMA_DIR || serverDefaults.schemaDir)),
    shutdownTimeoutMs: raw.shutdownTimeoutMs ?? serverDefaults.shutdownTimeoutMs,
    store,
    databaseUrl,
    databasePool: raw.databasePool ?? serverDefaults.databasePool,
    durability: raw.durability ?? serverDefaults.durability,
    dedupeWindowMs: duration(raw.dedupeWindow, serverDefaults.dedupeWindow),
    retentionMs: duration(raw.retention, serverDefaults.retention),
    deliveryLeaseMs: duration(raw.deliveryLease, serverDefaults.deliveryLease),
    watchConfig: raw.watchConfig ?? serverDefaults.watchConfig,
    connections: {
      maxConnections: raw.maxConnections,
      idleTimeoutMs: duration(raw.idleTimeout, serverDefaults.idleTimeout),
      headersTimeoutMs,
      requestTimeoutMs,
    },
  };
}

/** The data folder, absolute: the file's `dataDir`, else $DATA_DIR, else ./data, against the config's folder. */
export function resolveDataDir(dataDir: string | undefined, env: NodeJS.ProcessEnv, baseDir: string): string {
  return resolve(baseDir, dataDir ?? (env.DATA_DIR || serverDefaults.dataDir));
}

function duration(value: Duration | undefined, fallback: Duration): number {
  return parseDuration(value ?? fallback);
}

function envPort(value: string | undefined): number | undefined {
  const port = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(port) && port >= 0 && port <= 65535
    ? port
    : undefined;
}
