import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { registerAdminCommands, type StoreChoice } from '../admin/admin-commands.js';
import { readStoreLocation } from '../config/read-store-location.js';
import { StoreError } from '../errors.js';
import { openStoreDriver } from '../store/store-drivers.js';
import type { Store } from '../store/store.js';

/**
 * The queue inspection and replay commands, on the store the gateway's config names (`--config`, else
 * $GATEWAY_CONFIG, else ./gateway.yaml), found and opened the way the gateway finds it (the same driver
 * registry); or on the SQLite folder given with `--data-dir`. They never create a store: where there is none they
 * say so. SQLite in WAL mode and PostgreSQL both let them run beside live gateways.
 */
export function registerStoreCommands(program: Command, env: NodeJS.ProcessEnv): void {
  program.option('--data-dir <dir>', "the gateway's data folder (default: the one its config names)");
  registerAdminCommands(program, (choice) =>
    openNamedStore(program.opts<{ dataDir?: string }>().dataDir, choice, env),
  );
}

export async function openNamedStore(
  dataDir: string | undefined,
  choice: StoreChoice,
  env: NodeJS.ProcessEnv,
): Promise<Store> {
  const cli = { purpose: 'cli', durability: 'process', databaseUrl: undefined, databasePool: 1 } as const;
  if (dataDir !== undefined) {
    const opened = await openStoreDriver('sqlite', {
      ...cli,
      dataDir: resolve(dataDir),
      named: `--data-dir ${dataDir}`,
    });
    return opened.store;
  }
  const configFile = choice.config ?? env.GATEWAY_CONFIG ?? 'gateway.yaml';
  if (!existsSync(configFile)) {
    throw new StoreError(
      `there is no config file ${resolve(configFile)}; name the gateway's config with --config <file> (or ` +
        'GATEWAY_CONFIG), or its data folder with --data-dir <folder>',
    );
  }
  const location = readStoreLocation(configFile, env);
  const named = location.store === 'memory' ? configFile : `the data folder of ${configFile}`;
  const opened = await openStoreDriver(location.store, { ...cli, ...location, named });
  return opened.store;
}
