import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { httpTargetSchema } from '../../../../src/targets/http/http-target-schema.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(httpTargetSchema);

describe('httpTargetSchema', () => {
  it('accepts a full definition with the core-owned keys', () => {
    const definition = {
      type: 'http',
      retry: 'standard',
      concurrency: 4,
      rateLimit: { perSecond: 1 },
      url: 'https://user:pass@example.test/hook?x=1',
      method: 'PATCH',
      headers: { Authorization: 'Bearer abc', 'X-Custom_1': 'v' },
      body: 'template',
      sign: { scheme: 'standard-webhooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      timeoutMs: 5000,
      followRedirects: true,
      contentType: 'application/json; charset=utf-8',
    };
    expect(validate(definition), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts any scheme of the registry, and the hmac settings', () => {
    expect(validate({ url: 'https://e.test', sign: { scheme: 'github', secret: 's' } })).toBe(true);
    const hmac = {
      scheme: 'hmac',
      secret: 's',
      header: 'x-sig',
      signed: '{timestamp}.{body}',
      timestamp: { header: 'x-ts' },
    };
    expect(validate({ url: 'https://e.test', sign: hmac })).toBe(true);
  });

  it('accepts a connect-it signature with any secret', () => {
    expect(
      validate({ url: 'http://localhost:3221/webhook', sign: { scheme: 'connect-it', secret: 'x y' } }),
    ).toBe(true);
  });

  it.each([
    ['no url', {}],
    ['a non-http url', { url: 'ftp://example.test' }],
    ['GET', { url: 'https://e.test', method: 'GET' }],
    ['a header value with a line break', { url: 'https://e.test', headers: { 'X-A': 'a\r\nX-B: b' } }],
    ['a header name with a space', { url: 'https://e.test', headers: { 'X A': 'a' } }],
    ['an unknown key', { url: 'https://e.test', verb: 'POST' }],
    ['an unknown signing scheme', { url: 'https://e.test', sign: { scheme: 'pgp', secret: 's' } }],
    ['a signing block without a secret', { url: 'https://e.test', sign: { scheme: 'github' } }],
    ['a zero timeout', { url: 'https://e.test', timeoutMs: 0 }],
    ['an unknown body mode', { url: 'https://e.test', body: 'raw' }],
  ])('rejects %s', (_name, definition) => {
    expect(validate(definition)).toBe(false);
  });
});
