import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { registerAdminCommands, type StoreChoice } from '../admin/admin-commands.js';
import { readStoreLocation } from '../config/read-store-location.js';
import { StoreError } from '../errors.js';
import { databaseFileName, openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';

/**
 * The queue inspection and replay commands, on the store the gateway's config names (`--config`, else
 * $GATEWAY_CONFIG, else ./gateway.yaml), found the way the gateway finds it; or on the folder given with
 * `--data-dir`. They never create a store: where there is none they say so. SQLite in WAL mode lets them run
 * beside a live gateway.
 */
export function registerStoreCommands(program: Command, env: NodeJS.ProcessEnv): void {
  program.option('--data-dir <dir>', "the gateway's data folder (default: the one its config names)");
  registerAdminCommands(program, (choice) =>
    openNamedStore(program.opts<{ dataDir?: string }>().dataDir, choice, env),
  );
}

export function openNamedStore(
  dataDir: string | undefined,
  choice: StoreChoice,
  env: NodeJS.ProcessEnv,
): Store {
  if (dataDir !== undefined) return openExisting(resolve(dataDir), `--data-dir ${dataDir}`);
  const configFile = choice.config ?? env.GATEWAY_CONFIG ?? 'gateway.yaml';
  if (!existsSync(configFile)) {
    throw new StoreError(
      `there is no config file ${resolve(configFile)}; name the gateway's config with --config <file> (or ` +
        'GATEWAY_CONFIG), or its data folder with --data-dir <folder>',
    );
  }
  const location = readStoreLocation(configFile, env);
  if (location.store === 'memory') {
    throw new StoreError(
      `${configFile} uses the memory store: its events live only inside the running gateway (use the admin API)`,
    );
  }
  return openExisting(location.dataDir, `the data folder of ${configFile}`);
}

function openExisting(dataDir: string, named: string): Store {
  const file = join(dataDir, databaseFileName);
  if (!existsSync(file)) {
    throw new StoreError(
      `there is no store at ${file} (${named}); the gateway creates it when it first starts with this config`,
    );
  }
  return openSqliteStore({ dataDir, create: false });
}
