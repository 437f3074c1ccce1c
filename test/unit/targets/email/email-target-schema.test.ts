import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { emailTargetSchema } from '../../../../src/targets/email/email-target-schema.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(emailTargetSchema);

describe('emailTargetSchema', () => {
  it.each([
    [
      'a url with the core-owned keys',
      {
        type: 'email',
        retry: 'standard',
        concurrency: 2,
        rateLimit: { perSecond: 1 },
        url: 'smtps://u:p@mail.example.com:465',
      },
    ],
    [
      'a url with TLS options',
      { url: 'smtp://mail.example.com:587', requireTLS: true, pool: false, timeoutMs: 5000 },
    ],
    ['host fields', { host: 'mail.example.com', port: 465, secure: true, auth: { user: 'u', pass: 'p' } }],
    [
      'address defaults as strings',
      { host: 'h', from: 'Ops <ops@example.com>', to: 'a@x.com, b@x.com', cc: 'c@x.com' },
    ],
    ['address lists', { host: 'h', to: ['a@x.com', 'b@x.com'] }],
    ['attachTranscript: true', { host: 'h', attachTranscript: true }],
    [
      'attachTranscript options',
      { host: 'h', attachTranscript: { field: 'data.text', filename: 'call.txt' } },
    ],
  ])('accepts %s', (_name, definition) => {
    expect(validate(definition), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['neither url nor host', { from: 'a@x.com' }],
    ['both url and host', { url: 'smtp://a', host: 'b' }],
    ['url with auth', { url: 'smtp://a', auth: { user: 'u', pass: 'p' } }],
    ['an http url', { url: 'http://mail.example.com' }],
    ['a port out of range', { host: 'h', port: 70000 }],
    ['auth without pass', { host: 'h', auth: { user: 'u' } }],
    ['an unknown key', { host: 'h', subject: 'x' }],
    ['an empty to list', { host: 'h', to: [] }],
    ['an attachment filename with a path', { host: 'h', attachTranscript: { filename: '../x.txt' } }],
  ])('rejects %s', (_name, definition) => {
    expect(validate(definition)).toBe(false);
  });
});
