import { describe, expect, it } from 'vitest';
import { parseSmtpUrl } from '../../../../src/targets/email/parse-smtp-url.js';

describe('parseSmtpUrl', () => {
  it('reads host, port and percent-decoded credentials from smtp://', () => {
    expect(parseSmtpUrl('smtp://ana%40example.com:p%40ss%3Aword@mail.example.com:587')).toEqual({
      host: 'mail.example.com',
      port: 587,
      secure: false,
      auth: { user: 'ana@example.com', pass: 'p@ss:word' },
    });
  });

  it('smtps:// means implicit TLS; no port or credentials is fine', () => {
    expect(parseSmtpUrl('smtps://mail.example.com')).toEqual({
      host: 'mail.example.com',
      port: undefined,
      secure: true,
      auth: undefined,
    });
  });

  it('strips the brackets of an IPv6 host', () => {
    expect(parseSmtpUrl('smtp://[::1]:2525').host).toBe('::1');
  });

  it('rejects another scheme without echoing the URL', () => {
    expect(() => parseSmtpUrl('http://user:secret@mail.example.com')).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => parseSmtpUrl('http://user:secret@mail.example.com')).not.toThrow(/secret/);
  });
});
