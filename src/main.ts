import type { Logger } from 'pino';
import { describeStartupError } from './describe-startup-error.js';
import { startGateway } from './gateway.js';
import { createLogger } from './log/create-logger.js';
import { reportError } from './report-error.js';
import { limitHeapGrowth } from './runtime/heap-growth.js';

/**
 * The process entry: `node dist/src/main.js [gateway.yaml]` (default: $GATEWAY_CONFIG or ./gateway.yaml).
 * A setup problem (config errors, each with file:line:column; an unknown LOG_LEVEL; a data folder that cannot be
 * used or is held by another gateway; a port in use) is printed as plain lines on stderr, without a stack trace,
 * and the process exits 1 before opening the port.
 */
const configFile = process.argv[2] ?? process.env.GATEWAY_CONFIG ?? 'gateway.yaml';
limitHeapGrowth();

let logger: Logger | undefined;
try {
  logger = createLogger();
  const gateway = await startGateway({ configFile, logger });
  const running = logger;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    running.info({ signal }, 'shutting down');
    gateway.stop().then(
      () => {
        running.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        running.error({ err: error }, 'shutdown failed');
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
  const message = describeStartupError(error);
  if (message !== undefined) {
    process.stderr.write(`hookgate: ${message}\n`);
    const { code } = reportError(error);
    logger?.fatal({ code }, code === 'config_invalid' ? 'config invalid; not starting' : 'not starting');
  } else if (logger) {
    logger.fatal({ err: error }, 'failed to start');
  } else {
    process.stderr.write(`hookgate: failed to start: ${String(error)}\n`);
  }
  process.exit(1);
}
