/** The ingest pipeline's refusals and identities: exact-text ids (issue 11 item 2), charsets (item 11), depth. */
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { secrets, useSourcesApp } from './sources-app.js';

const { post, enqueued } = useSourcesApp();

describe('item 2: ids that parse alike are distinct events', () => {
  it.each([
    ['9007199254740993', '9007199254740992'],
    ['12345678901234567890', '12345678901234567891'],
    ['5', '"5"'],
  ])('%s and %s are both accepted', async (a, b) => {
    for (const id of [a, b]) {
      const response = await post('/webhook', 'connect-it', `{"type":"order.created","id":${id}}`);
      expect(response.body.status).toBe('accepted');
    }
    expect(enqueued().map((e) => e.event.dedupeKey)).toEqual([`id:${a}`, `id:${b}`]);
  });

  it('two different events with an empty id fall back to their body hashes', async () => {
    for (const total of [1, 2]) {
      const response = await post(
        '/webhook',
        'connect-it',
        `{"type":"order.created","id":"","total":${total}}`,
      );
      expect(response.body.status).toBe('accepted');
    }
    expect(enqueued().map((e) => e.event.dedupeKey)).toEqual([
      expect.stringMatching(/^sha256:/),
      expect.stringMatching(/^sha256:/),
    ]);
  });
});

describe('bodies the gateway refuses before they are stored', () => {
  it('a declared charset other than UTF-8: 415 unsupported_charset before reading the body', async () => {
    const latin1 = Buffer.from('{"type":"order.created","city":"Réunion"}', 'latin1');
    const response = await post('/webhook', 'connect-it', latin1, {
      contentType: 'application/json; charset=iso-8859-1',
    });
    expect(response).toMatchObject({ status: 415, body: { error: { code: 'unsupported_charset' } } });
  });

  it('bytes that are not UTF-8 with no charset: 415 unsupported_charset, not replacement characters', async () => {
    const latin1 = Buffer.from('{"type":"order.created","city":"Réunion"}', 'latin1');
    // Signed over the very bytes sent, so it is the charset, not the signature, that is refused.
    const token = createHmac('sha256', secrets['connect-it']).update(latin1).digest('hex');
    const response = await post('/webhook', 'connect-it', latin1, {
      headers: { 'x-connect-it-token': token },
    });
    expect(response).toMatchObject({ status: 415, body: { error: { code: 'unsupported_charset' } } });
  });

  it('nesting deeper than 128 levels: 400 json_too_deep', async () => {
    const body = `{"type":"order.created","x":${'['.repeat(129)}${']'.repeat(129)}}`;
    const response = await post('/webhook', 'connect-it', body);
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'json_too_deep' } } });
  });

  it('a form body on a JSON-only source: 415', async () => {
    const response = await post('/webhook', 'connect-it', 'type=order.created', {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
    expect(enqueued()).toEqual([]);
  });
});
