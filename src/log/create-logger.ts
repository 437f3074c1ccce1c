import { pino, type DestinationStream, type Logger } from 'pino';
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

export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { service: 'hookgate' },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
