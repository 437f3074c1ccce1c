import type { HmacAlgorithm, HmacSpec } from './hmac-scheme.js';
import { compileSignedTemplate } from './signed-template.js';

/**
 * A scheme's settings as written under `verify:` (a source) or `sign:` (an http target), durations already in
 * milliseconds. Only the generic `hmac` scheme takes the HMAC settings; a preset fixes them.
 */
export interface SchemeOptions {
  /** Replaces the preset's tolerance (verify only). */
  readonly toleranceMs?: number | undefined;
  readonly algorithm?: string | undefined;
  readonly header?: string | undefined;
  readonly encoding?: string | undefined;
  readonly prefix?: string | undefined;
  readonly signed?: string | undefined;
  readonly timestamp?:
    | {
        readonly header: string;
        readonly unit?: string | undefined;
        readonly toleranceMs?: number | undefined;
      }
    | undefined;
}

/** A problem at a key of the `verify:` or `sign:` block. */
export interface SchemeProblem {
  readonly path: readonly string[];
  readonly message: string;
}

export const hmacOptionKeys = ['algorithm', 'header', 'encoding', 'prefix', 'signed', 'timestamp'] as const;

const defaultToleranceMs = 5 * 60_000;

/** The generic `hmac` scheme's spec from its settings, or the problems with them. */
export function hmacSpecFromOptions(options: SchemeOptions): HmacSpec | SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  const header = options.header?.trim().toLowerCase();
  if (!header)
    problems.push({ path: [], message: 'scheme hmac needs "header": the header that carries the signature' });
  const algorithm = options.algorithm ?? 'sha256';
  if (algorithm !== 'sha1' && algorithm !== 'sha256' && algorithm !== 'sha512') {
    problems.push({ path: ['algorithm'], message: 'algorithm must be sha1, sha256 or sha512' });
  }
  const encoding = options.encoding ?? 'hex';
  if (encoding !== 'hex' && encoding !== 'base64') {
    problems.push({ path: ['encoding'], message: 'encoding must be hex or base64' });
  }
  const template = compileSignedTemplate(options.signed ?? '{body}');
  if (template.problem !== undefined) problems.push({ path: ['signed'], message: template.problem });
  const signsTimestamp = template.problem === undefined && template.parts.some((p) => p.kind === 'timestamp');
  const timestamp = options.timestamp;
  if (signsTimestamp && !timestamp) {
    problems.push({
      path: ['signed'],
      message: 'the signed string uses {timestamp}: say where it is with "timestamp: { header }"',
    });
  }
  if (timestamp && !signsTimestamp) {
    problems.push({
      path: ['signed'],
      message:
        'a timestamp must be part of the signed string (e.g. "{timestamp}.{body}"), or a replayed request could carry a fresh one',
    });
  }
  const unit = timestamp?.unit ?? 's';
  if (unit !== 's' && unit !== 'ms')
    problems.push({ path: ['timestamp', 'unit'], message: 'unit must be s or ms' });
  if (problems.length > 0 || !header || template.problem !== undefined) return problems;
  return {
    name: 'hmac',
    algorithm: algorithm as HmacAlgorithm,
    header,
    encoding: encoding as 'hex' | 'base64',
    format: { kind: 'plain', prefix: options.prefix ?? '' },
    signed: template.parts,
    ...(timestamp
      ? {
          timestamp: {
            from: [{ header: timestamp.header.toLowerCase() }],
            rule: {
              unit: unit as 's' | 'ms',
              toleranceMs: timestamp.toleranceMs ?? options.toleranceMs ?? defaultToleranceMs,
              // An in-house sender has no library to follow: refuse both stale and far-future timestamps.
              refuseFuture: true,
            },
          },
        }
      : {}),
    key: 'utf8',
  };
}
