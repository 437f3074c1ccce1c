import { pino, type DestinationStream, type Logger } from 'pino';
import { GatewayError } from '../errors.js';
import { presetSignatureHeaders } from '../signing/scheme-registry.js';

/**
 * Structured JSON logs. Secrets and signature headers are redacted by path as a second line of defence: the
 * code never logs them on purpose (no header dumps, no target definitions, no payload values).
 */
export const redactedPaths = [
  ...presetSignatureHeaders().flatMap((name) => [`req.headers["${name}"]`, `headers["${name}"]`]),
  '*.secret',
  '*.secrets',
  '*.token',
  '*.password',
  '*.pass',
  '*.webhookUrl',
  'secret',
  'secrets',
  'token',
  'password',
  'webhookUrl',
];

const levels = [...Object.keys(pino.levels.values), 'silent'];

/** Throws a `config_invalid` error naming the levels when `level` is not one (pino's own is a stack trace). */
export function createLogger(
  level: string = process.env.LOG_LEVEL || 'info',
  destination?: DestinationStream,
): Logger {
  if (!levels.includes(level))
    throw new GatewayError(
      'config_invalid',
      `LOG_LEVEL "${level}" is not a log level (use one of ${levels.join(', ')})`,
    );
  const options = {
    level,
    base: { service: 'hookgate' },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
