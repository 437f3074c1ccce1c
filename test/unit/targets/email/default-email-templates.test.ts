import { describe, expect, it } from 'vitest';
import { emailPlugin } from '../../../../src/targets/email/email-plugin.js';
import { compileTemplate, type TemplateContext } from '../../../../src/templates/template-engine.js';
import type { JsonObject } from '../../../../src/types.js';
import transcript from '../../../fixtures/transcript.completed.json' with { type: 'json' };
import testCompleted from '../../../fixtures/test.completed.json' with { type: 'json' };

/** Renders a default template the way the core does: with the escaper the plug-in names for that field. */
function render(field: 'subject' | 'text' | 'html', event: JsonObject): string {
  const escaper = emailPlugin.fields[field]!;
  const context: TemplateContext = {
    event,
    source: 'connect-it',
    event_type: event.type as string,
    received_at: '2026-11-28T16:04:12.000Z',
  };
  return compileTemplate(emailPlugin.defaultTemplates[field]!, escaper).render(context);
}

describe('email default templates', () => {
  it('a transcript gets its headline as subject and who, when and the text in the body', () => {
    expect(render('subject', transcript)).toBe('Weekly planning: gateway roll-out');
    const text = render('text', transcript);
    expect(text).toContain('By Ana Lima');
    expect(text).toContain('Recorded 2026-11-28 15:31 UTC');
    expect(text).toContain(transcript.data.text);
    expect(text).toContain('transcript.completed from connect-it');
    const html = render('html', transcript);
    expect(html).toContain('<strong>Ana Lima</strong>');
    expect(html).toContain('Chen: I&#39;ll add the schema');
  });

  it('an event without data still reads well', () => {
    expect(render('subject', testCompleted)).toBe('test.completed');
    expect(render('text', testCompleted)).toBe(
      'test.completed\n\n--\ntest.completed from connect-it, received 2026-11-28T16:04:12.000Z\n',
    );
    expect(render('html', testCompleted)).toContain('<h2 style="margin: 0 0 8px">test.completed</h2>');
  });

  it('hostile payload text is escaped in html and cannot break the subject header', () => {
    const hostile = {
      type: 'transcript.completed',
      data: {
        headline: 'Hi\r\nBcc: victim@example.com',
        text: '<script>alert(1)</script>',
        user: { first_name: '<img src=x onerror=alert(1)>', last_name: '&' },
      },
    };
    expect(render('subject', hostile)).toBe('Hi Bcc: victim@example.com');
    const html = render('html', hostile);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp;');
  });

  it('every templated field has an escaper suited to where it lands', () => {
    expect(emailPlugin.fields).toEqual({
      from: 'header',
      to: 'header',
      cc: 'header',
      subject: 'header',
      text: 'none',
      html: 'html',
    });
    expect(Object.keys(emailPlugin.defaultTemplates).sort()).toEqual(['html', 'subject', 'text']);
  });
});
