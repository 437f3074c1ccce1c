import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createConnectItSigner } from '../../../src/signing/connect-it-signer.js';

describe('createConnectItSigner', () => {
  it('headers() gives x-connect-it-token = lowercase hex HMAC-SHA256 of the body', () => {
    const body = '{"type":"transcript.completed","data":{"text":"héllo"}}';
    const headers = createConnectItSigner('s3cret').headers(body, { deliveryId: 'd', timestampSec: 1 });
    const expected = createHmac('sha256', 's3cret').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(headers).toEqual({ 'x-connect-it-token': expected });
    expect(headers['x-connect-it-token']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('headers() matches a known answer', () => {
    // printf '{"type":"test.completed"}' | openssl dgst -sha256 -hmac secret
    const headers = createConnectItSigner('secret').headers('{"type":"test.completed"}', {
      deliveryId: 'd',
      timestampSec: 1,
    });
    expect(headers['x-connect-it-token']).toBe(
      'b7c8eba275720131f9e9323439359c07bb37976d0db0e90907e6e467d796e637',
    );
  });
});
