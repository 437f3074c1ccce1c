import { ConfigError } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import { reportError, reportLines } from '../report-error.js';

export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** `hookgate check [file]`: 0 and a summary when the config is valid; 1 and every error with its line if not. */
export function runCheck(file: string, io: CommandIo): number {
  try {
    const config = loadConfig(file, { env: io.env });
    io.out(
      `${file}: ok (${config.sources.size} source${plural(config.sources.size)}, ${config.targets.size} target${plural(config.targets.size)}, ${config.routes.length} route${plural(config.routes.length)})`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`hookgate: ${reportLines(reportError(error)).join('\n')}`);
      return 1;
    }
    throw error;
  }
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
