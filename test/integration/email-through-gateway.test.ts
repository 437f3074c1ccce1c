import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../src/store/store.js';
import { decodeMimeWords, mimeLeaves, parseMime, type MimeLeaf } from '../helpers/read-mime.js';
import { postSigned } from '../helpers/sign.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';

const secret = 'email-gateway-secret';
const smtpUser = 'hookgate';
const smtpPass = 'p@ss:w/rd 100%';

const smtp = new SmtpSink(smtpUser, smtpPass);
const received = smtp.received;
let smtpPort = 0;
const mailCount = (count: number): Promise<void> => smtp.waitFor(count);

beforeAll(async () => {
  smtpPort = (await smtp.start()).port;
});

afterAll(() => smtp.stop());

const transcriptText = [
  "Ana: Let's start with the gateway roll-out. The YAML routes are ready for review.",
  'Bo: Olá 👋🏽 — 𝄞 música, 漢字, família 👨‍👩‍👧.',
  'Eve: <script>alert("x")</script> & <!channel>',
  'Chen: I will add the schema by Friday.',
].join('\n');

const transcriptEvent = (id: string, headline: string): Record<string, unknown> => ({
  type: 'transcript.completed',
  id,
  created_on: '2026-11-28T16:04:11Z',
  data: {
    id: 48213,
    headline,
    type: 'meeting',
    created_on: '2026-11-28T15:31:02Z',
    user: { id: 731, first_name: 'Ana', last_name: 'Lima' },
    text: transcriptText,
  },
});

const config = (target: string, message: string): string => `
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["\${WEBHOOK_SECRET}"] }
    events:
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
  minutes:
    type: email
${target}
    from: 'Transcripts <transcripts@example.com>'
    to: [team@example.com, '"Lima, Ana" <ana@example.com>']
    attachTranscript: true
    timeoutMs: 5000
    retry: none
routes:
  - name: minutes-by-mail
    events: transcript.completed
    to: minutes
${message}
`;

const unixLines = (text: string | undefined): string | undefined => text?.replace(/\r\n/g, '\n');

describe('transcript.completed through the gateway to a real SMTP server', () => {
  let running: TestGateway | undefined;

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  async function send(id: string, headline: string): Promise<{ eventId: string; delivery: DeliveryRecord }> {
    const gateway = running!.gateway;
    const response = await postSigned(`${gateway.url}/webhook`, transcriptEvent(id, headline), secret);
    expect(response.status).toBe(200);
    const { id: eventId } = (await response.json()) as { id: string };
    const delivery = await waitUntil('the mail delivery to finish', async () => {
      const found = (await gateway.store.getEvent(eventId))?.deliveries[0]?.delivery;
      return found && found.status !== 'pending' && found.status !== 'in_flight' ? found : undefined;
    });
    return { eventId, delivery };
  }

  function parts(raw: string): { text?: MimeLeaf; html?: MimeLeaf; attachments: MimeLeaf[] } {
    const leaves = mimeLeaves(parseMime(raw));
    const text = leaves.find(
      (p) => p.type.startsWith('text/plain') && !p.disposition.startsWith('attachment'),
    );
    const html = leaves.find((p) => p.type.startsWith('text/html'));
    return {
      ...(text ? { text } : {}),
      ...(html ? { html } : {}),
      attachments: leaves.filter((p) => p.disposition.startsWith('attachment')),
    };
  }

  it('arrives with From, To, the templated Subject and text, and the transcript as a .txt attachment', async () => {
    running = await startTestGateway({
      yaml: config(
        `    host: 127.0.0.1\n    port: \${SMTP_PORT}\n    ignoreTLS: true`,
        `    message:\n      subject: 'Transcript: {{ event.data.headline }}'\n      text: '{{ event.data.text }}'`,
      ),
      env: { WEBHOOK_SECRET: secret, SMTP_PORT: String(smtpPort) },
    });
    const before = received.length;
    // A header injection attempt: the line break must not start a Bcc header.
    const { eventId, delivery } = await send('evt-mail-1', 'Roll-out 🚀\r\nBcc: eve@evil.test');
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    await mailCount(before + 1);
    expect(received).toHaveLength(before + 1);

    const mail = received.at(-1)!;
    expect(mail.from).toBe('transcripts@example.com');
    expect(mail.to).toEqual(['team@example.com', 'ana@example.com']);
    const root = parseMime(mail.raw);
    expect(root.headers.get('from')).toBe('Transcripts <transcripts@example.com>');
    expect(root.headers.get('to')).toBe('team@example.com, "Lima, Ana" <ana@example.com>');
    expect(root.headers.has('bcc')).toBe(false);
    expect(decodeMimeWords(root.headers.get('subject') ?? '')).toBe(
      'Transcript: Roll-out 🚀 Bcc: eve@evil.test',
    );
    const deliveryId = `${eventId}~minutes-by-mail~minutes`;
    expect(delivery.id).toBe(deliveryId);
    expect(root.headers.get('x-hookgate-delivery')).toBe(deliveryId);
    expect(root.headers.get('message-id')).toBe(`<${deliveryId}.hookgate@example.com>`);

    const { text, html, attachments } = parts(mail.raw);
    expect(unixLines(text?.body)).toBe(transcriptText);
    // Fields a route leaves out use the target type's default message: the html part is the default one.
    expect(html?.body).toContain('Eve: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(attachments).toHaveLength(1);
    expect(attachments[0]?.type).toBe('text/plain; charset=utf-8; name=transcript.txt');
    expect(attachments[0]?.disposition).toContain('filename=transcript.txt');
    expect(attachments[0]?.body).toBe(transcriptText);
  });

  it('with an smtp:// url holding credentials and no route templates: the default mail, authenticated', async () => {
    const url = `smtp://${encodeURIComponent(smtpUser)}:${encodeURIComponent(smtpPass)}@127.0.0.1:\${SMTP_PORT}`;
    running = await startTestGateway({
      yaml: config(`    url: "${url}"\n    ignoreTLS: true`, ''),
      env: { WEBHOOK_SECRET: secret, SMTP_PORT: String(smtpPort) },
    });
    const before = received.length;
    const { delivery } = await send('evt-mail-2', 'Weekly <planning> & "review"');
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    await mailCount(before + 1);

    const mail = received.at(-1)!;
    expect(mail.user).toBe(smtpUser);
    expect(mail.to).toEqual(['team@example.com', 'ana@example.com']);
    const root = parseMime(mail.raw);
    expect(decodeMimeWords(root.headers.get('subject') ?? '')).toBe('Weekly <planning> & "review"');
    const { text, html, attachments } = parts(mail.raw);
    expect(unixLines(text?.body)).toContain('By Ana Lima');
    expect(unixLines(text?.body)).toContain(transcriptText);
    expect(html?.body).toContain('Weekly &lt;planning&gt; &amp; &quot;review&quot;');
    expect(html?.body).toContain('Eve: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html?.body).not.toContain('<script');
    expect(attachments.map((a) => a.body)).toEqual([transcriptText]);
  });
});
