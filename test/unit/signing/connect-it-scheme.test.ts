import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createConnectItScheme,
  fallbackKiBPerSecond,
  fallbackLimitBytes,
} from '../../../src/signing/connect-it-scheme.js';
import { signedRequest } from '../../helpers/signed-request.js';

const secret = 'cit_whsec_4f1d0c2b9a';
/** The fixture as stored: pretty-printed, as a sender's proxy or a test tool might pass it on. */
const prettyBody = readFileSync(new URL('../../fixtures/transcript.completed.json', import.meta.url));
/** What the sender's sample hashes and sends: JSON.stringify of the event. */
const compactBody = Buffer.from(JSON.stringify(JSON.parse(prettyBody.toString('utf8'))));

/** The sender's sample receiver (seed/webhooks-guide.txt): hex HMAC-SHA256 of JSON.stringify(req.body). */
function sampleSignature(body: Buffer | string, key = secret): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

function verifier(secrets: readonly string[] = [secret]) {
  return createConnectItScheme().verifier(secrets);
}

function verify(rawBody: Buffer, headers: IncomingHttpHeaders, now = Date.now(), v = verifier()) {
  return v.verify(signedRequest(rawBody, headers, { now }));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('connect-it scheme', () => {
  it("signs exactly as the sender's sample does (the test helpers and `hookgate send` sign with this)", () => {
    const headers = createConnectItScheme()
      .signer(secret)
      .sign({ body: compactBody.toString('utf8'), method: 'POST', url: '', id: 'x', timestampSec: 0 });
    expect(headers).toEqual({ 'x-connect-it-token': sampleSignature(compactBody) });
  });

  it('accepts the hex HMAC-SHA256 of the raw bytes', () => {
    expect(verify(compactBody, { 'x-connect-it-token': sampleSignature(compactBody) })).toBe('valid');
  });

  it('accepts the HMAC of JSON.stringify(JSON.parse(body)) when the raw bytes were pretty-printed', () => {
    expect(sampleSignature(prettyBody)).not.toBe(sampleSignature(compactBody));
    expect(verify(prettyBody, { 'x-connect-it-token': sampleSignature(compactBody) })).toBe('valid');
  });

  it('accepts an uppercase hex signature and surrounding whitespace', () => {
    expect(verify(compactBody, { 'x-connect-it-token': sampleSignature(compactBody).toUpperCase() })).toBe(
      'valid',
    );
    expect(verify(compactBody, { 'x-connect-it-token': ` ${sampleSignature(compactBody)} ` })).toBe('valid');
  });

  it('refuses another secret, a tampered body and a changed pretty-printed body as invalid', () => {
    expect(verify(compactBody, { 'x-connect-it-token': sampleSignature(compactBody, 'another') })).toBe(
      'invalid',
    );
    const tampered = Buffer.from(compactBody.toString('utf8').replace('Weekly planning', 'Weekly plannink'));
    expect(verify(tampered, { 'x-connect-it-token': sampleSignature(compactBody) })).toBe('invalid');
    const changed = Buffer.from(
      prettyBody.toString('utf8').replace('"duration_seconds": 1860', '"duration_seconds": 60'),
    );
    expect(verify(changed, { 'x-connect-it-token': sampleSignature(compactBody) })).toBe('invalid');
  });

  it('reports a missing or empty header as missing', () => {
    expect(verify(compactBody, {})).toBe('missing');
    expect(verify(compactBody, { 'x-connect-it-token': '' })).toBe('missing');
  });

  it('accepts a later secret in the list (rotation)', () => {
    const headers = { 'x-connect-it-token': sampleSignature(compactBody, 'old-secret') };
    expect(verify(compactBody, headers, Date.now(), verifier(['new-secret', 'old-secret']))).toBe('valid');
  });

  it('refuses a non-JSON body with a wrong signature without throwing, and accepts one whose bytes are signed', () => {
    const body = Buffer.from('type=transcript.completed&id=1');
    expect(verify(body, { 'x-connect-it-token': sampleSignature('something else') })).toBe('invalid');
    expect(verify(body, { 'x-connect-it-token': sampleSignature(body) })).toBe('valid');
  });

  it('uses the first value when the header is repeated', () => {
    expect(verify(compactBody, { 'x-connect-it-token': [sampleSignature(compactBody), 'bogus'] })).toBe(
      'valid',
    );
  });
});

describe('connect-it re-serialised fallback: bounded (issue 11, item 4)', () => {
  /** A pretty-printed event of about `size` bytes whose compact form the sample would sign. */
  function prettyEvent(size: number): { raw: Buffer; signature: string } {
    const event = { type: 'transcript.completed', id: 'evt_big', data: { text: 'x'.repeat(size) } };
    return {
      raw: Buffer.from(JSON.stringify(event, null, 2)),
      signature: sampleSignature(JSON.stringify(event)),
    };
  }

  it('is tried up to the sample receiver’s own limit (express.json: 100 kb) and never above it', () => {
    const small = prettyEvent(fallbackLimitBytes - 200);
    expect(small.raw.length).toBeLessThanOrEqual(fallbackLimitBytes);
    expect(verify(small.raw, { 'x-connect-it-token': small.signature })).toBe('valid');

    const large = prettyEvent(fallbackLimitBytes);
    expect(large.raw.length).toBeGreaterThan(fallbackLimitBytes);
    expect(verify(large.raw, { 'x-connect-it-token': large.signature })).toBe('invalid');
  });

  it('never parses a wrongly signed body above the limit: it costs its HMAC only', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const stringify = vi.spyOn(JSON, 'stringify');
    const body = Buffer.from(`{"type":"transcript.completed","data":{"text":"${'y'.repeat(4_900_000)}"}}`);
    expect(verify(body, { 'x-connect-it-token': 'f'.repeat(64) })).toBe('invalid');
    expect(parse).not.toHaveBeenCalled();
    expect(stringify).not.toHaveBeenCalled();
  });

  it('re-serialises at most fallbackKiBPerSecond per second; past the budget a bad request costs its hash', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const v = verifier();
    const bad = prettyEvent(90 * 1024);
    const headers = { 'x-connect-it-token': sampleSignature('not this body') };
    const kib = Math.ceil(bad.raw.length / 1024);
    const fits = Math.floor(fallbackKiBPerSecond / kib);
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < fits + 5; i++) expect(verify(bad.raw, headers, t0, v)).toBe('invalid');
    expect(parse).toHaveBeenCalledTimes(fits);

    // A genuine pretty-printed request of the same size finds the budget spent; a second later it verifies.
    const good = prettyEvent(90 * 1024);
    expect(verify(good.raw, { 'x-connect-it-token': good.signature }, t0, v)).toBe('invalid');
    expect(verify(good.raw, { 'x-connect-it-token': good.signature }, t0 + 1000, v)).toBe('valid');
  });
});
