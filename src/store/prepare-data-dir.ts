import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { StoreError } from '../errors.js';

/**
 * Creates the data folder when missing and checks that this process can write in it, with a message that says
 * what to do instead of a stack trace.
 */
export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new StoreError(
      `cannot create the data folder ${dataDir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); ` +
        'create it, or set server.dataDir (or DATA_DIR) to a folder this user may write',
      { cause: error },
    );
  }
  try {
    if (!statSync(dataDir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(dataDir, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StoreError(
      `the data folder ${dataDir} is not writable by this user (${(error as NodeJS.ErrnoException).code ?? 'error'}); ` +
        'give it write access, or set server.dataDir (or DATA_DIR) to another folder',
      { cause: error },
    );
  }
}
