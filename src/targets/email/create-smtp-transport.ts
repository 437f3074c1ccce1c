import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { EmailTargetConfig } from './email-target-config.js';

/** What an email target needs of a transport: nodemailer's, or a fake in tests. */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<SentMail>;
  close(): void;
}

export interface SentMail {
  readonly messageId?: string;
  readonly accepted?: readonly (string | { readonly address: string })[];
  readonly rejected?: readonly (string | { readonly address: string })[];
  readonly response?: string;
}

/**
 * One nodemailer SMTP transport per target, pooled by default so a burst of events reuses a few connections.
 * Nothing connects until the first send (a dry run builds targets too). The same timeout bounds the TCP connect,
 * the server's greeting and any silence on the socket; nodemailer's own defaults are 2 min, 30 s and 10 min.
 */
export function createSmtpTransport(
  config: EmailTargetConfig,
  onError: (error: Error) => void,
): MailTransport {
  const { server } = config;
  const options = {
    host: server.host,
    ...(server.port !== undefined ? { port: server.port } : {}),
    secure: server.secure,
    ...(server.auth ? { auth: { user: server.auth.user, pass: server.auth.pass } } : {}),
    ...(config.requireTLS !== undefined ? { requireTLS: config.requireTLS } : {}),
    ...(config.ignoreTLS !== undefined ? { ignoreTLS: config.ignoreTLS } : {}),
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
    logger: false,
  };
  const transport = config.pool
    ? nodemailer.createTransport({ ...options, pool: true })
    : nodemailer.createTransport(options);
  // An 'error' event without a listener would crash the process; failed sends also reject their own promise.
  transport.on('error', onError);
  return transport;
}
