import { describe, expect, it } from 'vitest';
import { buildMail, mailPreview } from '../../../../src/targets/email/build-mail.js';
import type { MailSettings } from '../../../../src/targets/email/email-target-config.js';
import type { OutboundMessage } from '../../../../src/targets/target.js';
import transcript from '../../../fixtures/transcript.completed.json' with { type: 'json' };

const settings: MailSettings = {
  from: 'Hookgate <hookgate@example.com>',
  to: 'team@example.com',
  cc: undefined,
  attachTranscript: undefined,
};

function message(fields: Record<string, string>): OutboundMessage {
  return {
    fields,
    payload: transcript,
    rawBody: JSON.stringify(transcript),
    eventType: 'transcript.completed',
    eventId: 'evt_1',
  };
}

describe('buildMail', () => {
  it('uses the target defaults when the route gives no addresses', () => {
    const plan = buildMail(settings, message({ subject: 'S', text: 'T', html: '<p>H</p>' }));
    expect(plan).toEqual({
      from: { name: 'Hookgate', address: 'hookgate@example.com' },
      to: [{ name: '', address: 'team@example.com' }],
      cc: [],
      subject: 'S',
      text: 'T',
      html: '<p>H</p>',
      attachments: [],
      problem: undefined,
    });
  });

  it('route fields override the defaults and may be comma-separated lists', () => {
    const plan = buildMail(
      settings,
      message({ from: 'ops@example.org', to: 'a@x.com, "Lima, Ana" <ana@x.com>', cc: 'c@x.com,d@x.com' }),
    );
    expect(plan.from).toEqual({ name: '', address: 'ops@example.org' });
    expect(plan.to).toEqual([
      { name: '', address: 'a@x.com' },
      { name: 'Lima, Ana', address: 'ana@x.com' },
    ]);
    expect(plan.cc.map((a) => a.address)).toEqual(['c@x.com', 'd@x.com']);
  });

  it('a field that rendered empty falls back to the default, and an empty body part is left out', () => {
    const plan = buildMail(settings, message({ to: '  ', text: 'T', html: '' }));
    expect(plan.to).toEqual([{ name: '', address: 'team@example.com' }]);
    expect(plan.html).toBeUndefined();
  });

  it('reports a missing from or to as a problem', () => {
    const plan = buildMail({ ...settings, from: undefined, to: undefined }, message({}));
    expect(plan.problem).toBe(
      '"from" must be exactly one address (set it on the target or in the route); no "to" address (set it on the target or in the route)',
    );
  });

  it('reports entries that are not addresses instead of dropping them', () => {
    expect(buildMail(settings, message({ to: 'a@x.com, bogus' })).problem).toBe('not an address: "bogus"');
  });

  it('reports more than one from address', () => {
    expect(buildMail(settings, message({ from: 'a@x.com, b@x.com' })).problem).toMatch(/exactly one address/);
  });

  it('attaches data.text as transcript.txt (text/plain; charset=utf-8) by default', () => {
    const plan = buildMail(
      { ...settings, attachTranscript: { field: 'data.text', filename: 'transcript.txt' } },
      message({}),
    );
    expect(plan.attachments).toEqual([
      { filename: 'transcript.txt', content: transcript.data.text, contentType: 'text/plain; charset=utf-8' },
    ]);
  });

  it('attaches another field, serialising a non-string value, and skips a missing one', () => {
    const meta = buildMail(
      { ...settings, attachTranscript: { field: 'data.metadata', filename: 'm.txt' } },
      message({}),
    );
    expect(meta.attachments[0]?.content).toBe(JSON.stringify(transcript.data.metadata, null, 2));
    const none = buildMail(
      { ...settings, attachTranscript: { field: 'data.nope', filename: 'x.txt' } },
      message({}),
    );
    expect(none.attachments).toEqual([]);
  });
});

describe('mailPreview', () => {
  it('shows addresses, parts and attachment sizes, not attachment content', () => {
    const plan = buildMail(
      { ...settings, cc: 'c@x.com', attachTranscript: { field: 'data.text', filename: 'transcript.txt' } },
      message({ subject: 'S', text: 'T' }),
    );
    expect(mailPreview(plan)).toEqual({
      from: '"Hookgate" <hookgate@example.com>',
      to: ['team@example.com'],
      cc: ['c@x.com'],
      subject: 'S',
      text: 'T',
      html: null,
      attachments: [
        {
          filename: 'transcript.txt',
          contentType: 'text/plain; charset=utf-8',
          size: Buffer.byteLength(transcript.data.text),
        },
      ],
    });
  });

  it('includes the problem as error', () => {
    expect(mailPreview(buildMail({ ...settings, to: undefined }, message({})))).toMatchObject({
      error: 'no "to" address (set it on the target or in the route)',
    });
  });
});
