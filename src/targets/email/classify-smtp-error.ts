import type { FailureKind } from '../../delivery-outcome.js';
import { failureKindOf, type DeliveryErrorCode } from '../../errors.js';
import { networkFailureCode } from '../shared/network-failure-code.js';

export interface SmtpFailure {
  readonly code: DeliveryErrorCode;
  readonly kind: FailureKind;
  /** A sentence for the attempt record; secrets are removed by the caller, which knows them. */
  readonly reason: string;
}

/** nodemailer's codes for "could not talk to the server": worth another try later. */
const connectionCodes = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Problems of the message or the setup that the same attempt would hit again. */
const permanentCodes: ReadonlyMap<string, DeliveryErrorCode> = new Map([
  ['EAUTH', 'auth_failed'],
  ['ENOAUTH', 'auth_failed'],
  ['EMESSAGE', 'invalid_message'],
  ['EENVELOPE', 'invalid_message'],
  ['EREQUIRETLS', 'rejected_by_target'],
]);

/**
 * Pure: what a nodemailer error means for the delivery. The SMTP reply code decides when there is one (RFC 5321
 * §4.2.1: 4yz is transient, 5yz permanent), so a 454 "try AUTH later" is retried while a 535 bad login is not;
 * without one, connection trouble is retried and rejected credentials, envelopes and messages are not. Anything
 * unrecognised (TLS trouble included: a connection dropped mid-handshake looks the same) is retried; the queue's
 * retry budget bounds it.
 */
export function classifySmtpError(error: unknown): SmtpFailure {
  const code = stringProperty(error, 'code');
  const responseCode = numberProperty(error, 'responseCode');
  const reason = describe(error, code, responseCode);
  const failure = failureCode(code, responseCode);
  return { code: failure, kind: failureKindOf(failure), reason };
}

function failureCode(code: string | undefined, responseCode: number | undefined): DeliveryErrorCode {
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) return 'target_unavailable';
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600)
    return code === 'EAUTH' ? 'auth_failed' : 'rejected_by_target';
  if (code !== undefined && connectionCodes.has(code)) return networkFailureCode(code);
  return (code !== undefined ? permanentCodes.get(code) : undefined) ?? 'unknown';
}

function describe(error: unknown, code: string | undefined, responseCode: number | undefined): string {
  const what = code === 'EAUTH' ? 'SMTP authentication failed' : 'SMTP delivery failed';
  const message = error instanceof Error ? error.message : String(error);
  const tags = [code, responseCode].filter((tag) => tag !== undefined && !message.includes(String(tag)));
  return `${what}${tags.length > 0 ? ` (${tags.join(' ')})` : ''}: ${message}`;
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const property: unknown = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : undefined;
}

function numberProperty(value: unknown, key: string): number | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const property: unknown = (value as Record<string, unknown>)[key];
  return typeof property === 'number' ? property : undefined;
}
