import type { Command } from 'commander';
import { registerAdminCommands } from '../admin/admin-commands.js';
import { openSqliteStore } from '../store/sqlite-store.js';

/**
 * The queue inspection and replay commands, on the store in `--data-dir` (default $DATA_DIR, else ./data: the
 * shipped config's own default). SQLite in WAL mode lets them run beside a live gateway.
 */
export function registerStoreCommands(program: Command): void {
  program.option('--data-dir <dir>', 'the gateway data folder (store)', process.env.DATA_DIR ?? './data');
  registerAdminCommands(program, () =>
    openSqliteStore({ dataDir: program.opts<{ dataDir: string }>().dataDir }),
  );
}
