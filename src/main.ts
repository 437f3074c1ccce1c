import { ConfigError } from './errors.js';
import { startGateway } from './gateway.js';
import { createLogger } from './log/create-logger.js';

/**
 * The process entry: `node dist/src/main.js [gateway.yaml]` (default: $GATEWAY_CONFIG or ./gateway.yaml).
 * Config errors are printed, each with file:line:column, and the process exits 1 before opening the port.
 */
const logger = createLogger();
const configFile = process.argv[2] ?? process.env.GATEWAY_CONFIG ?? 'gateway.yaml';

try {
  const gateway = await startGateway({ configFile, logger });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    gateway.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => {
    void gateway.reload('SIGHUP');
  });
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`hookgate: ${error.message}\n`);
    logger.fatal({ code: error.code, problems: error.problems.length }, 'config invalid; not starting');
  } else {
    logger.fatal({ err: error }, 'failed to start');
  }
  process.exit(1);
}
