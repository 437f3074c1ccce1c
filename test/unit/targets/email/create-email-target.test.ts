import { MemoryProgress } from '../../../helpers/memory-progress.js';
import type { SendMailOptions } from 'nodemailer';
import { pino } from 'pino';
import { got } from 'got';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../../src/errors.js';
import type { MailTransport, SentMail } from '../../../../src/targets/email/create-smtp-transport.js';
import { createEmailTarget } from '../../../../src/targets/email/create-email-target.js';
import type { OutboundMessage, TargetDeps } from '../../../../src/targets/target.js';
import type { JsonObject } from '../../../../src/types.js';
import { createPacerRegistry } from '../../../../src/targets/shared/pacer-registry.js';

const deps: TargetDeps = {
  http: got.extend({}),
  logger: pino({ level: 'silent' }),
  now: () => Date.now(),
  sleep: async () => {},
  progress: new MemoryProgress(),
  pacers: createPacerRegistry(),
};

const definition: JsonObject = {
  url: 'smtp://mailer:S3cr%40t-pass@mail.example.com:587',
  from: 'Hookgate <hookgate@example.com>',
  to: 'team@example.com',
  attachTranscript: true,
};

const message: OutboundMessage = {
  fields: { subject: 'New transcript', text: 'Hello', html: '<p>Hello</p>' },
  payload: { type: 'transcript.completed', data: { text: 'the transcript' } },
  rawBody: '{}',
  eventType: 'transcript.completed',
  eventId: 'evt_7',
};

/** Records what the target hands nodemailer, and answers with `result` (or throws it). */
function fakeTransport(
  result: SentMail | Error = { accepted: ['team@example.com'], rejected: [], response: '250 OK' },
) {
  const sent: SendMailOptions[] = [];
  let closed = 0;
  const transport: MailTransport = {
    sendMail: async (mail) => {
      sent.push(mail);
      if (result instanceof Error) throw result;
      return result;
    },
    close: () => {
      closed += 1;
    },
  };
  return { transport, sent, closed: () => closed };
}

describe('email target send()', () => {
  it('hands nodemailer the mail with a Message-ID and headers derived from the delivery', async () => {
    const fake = fakeTransport();
    const target = createEmailTarget('team-mail', definition, deps, () => fake.transport);
    await expect(target.send(message, { deliveryId: 'dlv_9', attempt: 2, round: 1 })).resolves.toEqual({
      detail: 'accepted 1, rejected 0: 250 OK',
    });
    expect(fake.sent).toEqual([
      {
        from: { name: 'Hookgate', address: 'hookgate@example.com' },
        to: [{ name: '', address: 'team@example.com' }],
        subject: 'New transcript',
        text: 'Hello',
        html: '<p>Hello</p>',
        attachments: [
          { filename: 'transcript.txt', content: 'the transcript', contentType: 'text/plain; charset=utf-8' },
        ],
        messageId: '<dlv_9.hookgate@example.com>',
        headers: { 'X-Hookgate-Delivery': 'dlv_9', 'X-Hookgate-Event': 'evt_7' },
      },
    ]);
  });

  it('a mail without recipients is permanent and never reaches the transport', async () => {
    const fake = fakeTransport();
    const withoutTo = Object.fromEntries(Object.entries(definition).filter(([key]) => key !== 'to'));
    const target = createEmailTarget('team-mail', withoutTo, deps, () => fake.transport);
    const error: unknown = await target
      .send(message, { deliveryId: 'd', attempt: 1, round: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: 'permanent' });
    expect(fake.sent).toEqual([]);
  });

  it('classifies a transport failure and keeps the credentials out of the message', async () => {
    const failure = Object.assign(
      new Error('Invalid login for mailer / S3cr@t-pass: 535 Authentication failed'),
      {
        code: 'EAUTH',
        responseCode: 535,
      },
    );
    const target = createEmailTarget('team-mail', definition, deps, () => fakeTransport(failure).transport);
    const error: unknown = await target
      .send(message, { deliveryId: 'd', attempt: 1, round: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    const delivery = error as DeliveryError;
    expect(delivery.kind).toBe('permanent');
    expect(delivery.message).toContain('535 Authentication failed');
    expect(delivery.message).not.toMatch(/S3cr|mailer/);
  });

  it('a connection failure is retryable', async () => {
    const failure = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:587'), { code: 'ESOCKET' });
    const target = createEmailTarget('team-mail', definition, deps, () => fakeTransport(failure).transport);
    await expect(target.send(message, { deliveryId: 'd', attempt: 1, round: 1 })).rejects.toMatchObject({
      kind: 'retryable',
    });
  });
});

describe('email target preview() and close()', () => {
  it('preview() shows the mail from the same builder, with attachment sizes', () => {
    const target = createEmailTarget('team-mail', definition, deps, () => fakeTransport().transport);
    expect(target.preview(message)).toEqual({
      from: '"Hookgate" <hookgate@example.com>',
      to: ['team@example.com'],
      cc: [],
      subject: 'New transcript',
      text: 'Hello',
      html: '<p>Hello</p>',
      attachments: [{ filename: 'transcript.txt', contentType: 'text/plain; charset=utf-8', size: 14 }],
    });
  });

  it('close() closes the transport', async () => {
    const fake = fakeTransport();
    await createEmailTarget('team-mail', definition, deps, () => fake.transport).close();
    expect(fake.closed()).toBe(1);
  });
});
