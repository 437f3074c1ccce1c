import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { connectItScheme } from '../../../src/verify/connect-it-scheme.js';

const secret = 'cit_whsec_4f1d0c2b9a';
/** The fixture as stored: pretty-printed, as a sender's proxy or a test tool might pass it on. */
const prettyBody = readFileSync(new URL('../../fixtures/transcript.completed.json', import.meta.url));
/** What the sender's sample hashes and sends: JSON.stringify of the event. */
const compactBody = Buffer.from(JSON.stringify(JSON.parse(prettyBody.toString('utf8'))));

function sign(body: Buffer | string, key = secret): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

function verify(
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
  secrets: readonly string[] = [secret],
): string {
  return connectItScheme.verify({ rawBody, headers, now: Date.now() }, secrets);
}

describe('connectItScheme.verify', () => {
  it('accepts the hex HMAC-SHA256 of the raw bytes', () => {
    expect(verify(compactBody, { 'x-connect-it-token': sign(compactBody) })).toBe('valid');
  });

  it('accepts the HMAC of JSON.stringify(JSON.parse(body)) when the raw bytes were pretty-printed', () => {
    expect(sign(prettyBody)).not.toBe(sign(compactBody));
    expect(verify(prettyBody, { 'x-connect-it-token': sign(compactBody) })).toBe('valid');
  });

  it('accepts an uppercase hex signature', () => {
    expect(verify(compactBody, { 'x-connect-it-token': sign(compactBody).toUpperCase() })).toBe('valid');
  });

  it('accepts a signature with surrounding whitespace', () => {
    expect(verify(compactBody, { 'x-connect-it-token': ` ${sign(compactBody)} ` })).toBe('valid');
  });

  it('rejects a signature made with another secret as invalid', () => {
    expect(verify(compactBody, { 'x-connect-it-token': sign(compactBody, 'another-secret') })).toBe(
      'invalid',
    );
  });

  it('reports a missing or empty header as missing', () => {
    expect(verify(compactBody, {})).toBe('missing');
    expect(verify(compactBody, { 'x-connect-it-token': '' })).toBe('missing');
  });

  it('accepts a signature made with the second secret in the list (rotation)', () => {
    const headers = { 'x-connect-it-token': sign(compactBody, 'old-secret') };
    expect(verify(compactBody, headers, ['new-secret', 'old-secret'])).toBe('valid');
    expect(verify(compactBody, headers, ['new-secret'])).toBe('invalid');
  });

  it('rejects a tampered body as invalid', () => {
    const signature = sign(compactBody);
    const tampered = Buffer.from(compactBody.toString('utf8').replace('Weekly planning', 'Weekly plannink'));
    expect(tampered.equals(compactBody)).toBe(false);
    expect(verify(tampered, { 'x-connect-it-token': signature })).toBe('invalid');
  });

  it('rejects a pretty-printed body whose content was changed as invalid', () => {
    const signature = sign(compactBody);
    const tampered = Buffer.from(
      prettyBody.toString('utf8').replace('"duration_seconds": 1860', '"duration_seconds": 60'),
    );
    expect(verify(tampered, { 'x-connect-it-token': signature })).toBe('invalid');
  });

  it('rejects a non-JSON body with a wrong signature as invalid without throwing', () => {
    const body = Buffer.from('type=transcript.completed&id=1');
    expect(verify(body, { 'x-connect-it-token': sign('something else') })).toBe('invalid');
  });

  it('accepts a non-JSON body whose raw bytes are signed', () => {
    const body = Buffer.from('not json at all');
    expect(verify(body, { 'x-connect-it-token': sign(body) })).toBe('valid');
  });

  it('rejects a signature of the wrong length as invalid', () => {
    expect(verify(compactBody, { 'x-connect-it-token': sign(compactBody).slice(0, 32) })).toBe('invalid');
  });

  it('uses the first value when the header is repeated', () => {
    expect(verify(compactBody, { 'x-connect-it-token': [sign(compactBody), 'bogus'] })).toBe('valid');
  });
});
