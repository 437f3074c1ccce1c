import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  /** The authenticated user, when the client logged in. */
  readonly user: string | undefined;
  readonly raw: string;
}

/**
 * A real SMTP server in this process: plain text (no STARTTLS), one account with optional auth, every message kept
 * raw. Waiting for mail is event-driven, never a sleep.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  port = 0;
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly server: SMTPServer;

  constructor(user: string, pass: string) {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === user && auth.password === pass) callback(null, { user });
        else callback(new Error('Authentication credentials invalid'));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: typeof session.user === 'string' ? session.user : undefined,
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
          this.waiters = this.waiters.filter((w) =>
            this.received.length >= w.count ? (w.resolve(), false) : true,
          );
        });
      },
    });
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server.server, 'listening');
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /** Resolves once `count` mails in all have arrived. */
  waitFor(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
