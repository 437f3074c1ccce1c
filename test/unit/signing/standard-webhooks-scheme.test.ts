import { generateKeyPairSync, sign as edSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStandardWebhooksScheme } from '../../../src/signing/standard-webhooks-scheme.js';
import { signedRequest, testUrl } from '../../helpers/signed-request.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const scheme = createStandardWebhooksScheme('standard-webhooks', undefined);

/** A fresh Ed25519 pair as Standard Webhooks writes it: whpk_ + raw public key, whsk_ + the 32-byte seed. */
function keyPair(): { publicKey: string; privateKey: string; sign: (data: string) => string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  return {
    publicKey: `whpk_${raw.toString('base64')}`,
    privateKey: `whsk_${seed.toString('base64')}`,
    sign: (data) => edSign(null, Buffer.from(data), privateKey).toString('base64'),
  };
}

describe('standard-webhooks scheme', () => {
  it('accepts the test vector of the Standard Webhooks reference libraries', () => {
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };
    const request = signedRequest('{"test": 2432232314}', headers, { now: 1614265330 * 1000 });
    expect(scheme.verifier([secret]).verify(request)).toBe('valid');
  });

  it('signs the test vector exactly', () => {
    const headers = scheme.signer(secret).sign({
      body: '{"test": 2432232314}',
      method: 'POST',
      url: testUrl,
      id,
      timestampSec: 1614265330,
    });
    expect(headers).toEqual({
      'webhook-id': id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('refuses timestamps more than five minutes old or ahead as expired, as the reference library does', () => {
    const body = '{"type":"x"}';
    const now = Date.UTC(2026, 10, 28, 16, 4, 11);
    for (const offset of [-301, 301]) {
      const timestampSec = now / 1000 + offset;
      const headers = scheme.signer(secret).sign({ body, method: 'POST', url: testUrl, id, timestampSec });
      expect(scheme.verifier([secret]).verify(signedRequest(body, headers, { now })), String(offset)).toBe(
        'expired',
      );
    }
  });

  it('refuses a timestamp that is not whole seconds as invalid', () => {
    const body = '{"type":"x"}';
    const now = 1614265330 * 1000;
    const headers = scheme
      .signer(secret)
      .sign({ body, method: 'POST', url: testUrl, id, timestampSec: 1614265330 });
    const request = signedRequest(body, { ...headers, 'webhook-timestamp': '1614265330.0' }, { now });
    expect(scheme.verifier([secret]).verify(request)).toBe('invalid');
  });

  it('checks secrets: whsec_ + base64 of 24 to 64 bytes, or a whpk_ key to verify / whsk_ key to sign', () => {
    expect(scheme.secretProblem(secret, 'verify')).toBeUndefined();
    expect(scheme.secretProblem('whsec_c2VjcmV0', 'verify')).toMatch(/24 to 64 bytes/);
    expect(scheme.secretProblem('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'verify')).toMatch(/"whsec_"/);
    expect(scheme.secretProblem('whsec_not base64!', 'sign')).toMatch(/base64/);
    expect(scheme.secretProblem('whsec_not base64!', 'sign')).not.toContain('not base64!');
    const pair = keyPair();
    expect(scheme.secretProblem(pair.publicKey, 'verify')).toBeUndefined();
    expect(scheme.secretProblem(pair.privateKey, 'sign')).toBeUndefined();
    expect(scheme.secretProblem(pair.publicKey, 'sign')).toMatch(/whsk_/);
    expect(scheme.secretProblem('whpk_AAAA', 'verify')).toMatch(/32-byte/);
  });
});

describe('standard-webhooks v1a (Ed25519), judged by the specification', () => {
  const body = '{"type":"invoice.paid"}';
  const now = Date.UTC(2026, 10, 30);
  const timestamp = String(now / 1000);

  it('accepts a v1a signature made with Node’s own Ed25519 from a whpk_ public key', () => {
    const pair = keyPair();
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1a,${pair.sign(`${id}.${timestamp}.${body}`)}`,
    };
    expect(scheme.verifier([pair.publicKey]).verify(signedRequest(body, headers, { now }))).toBe('valid');
    const other = keyPair();
    expect(scheme.verifier([other.publicKey]).verify(signedRequest(body, headers, { now }))).toBe('invalid');
    expect(scheme.verifier([pair.publicKey]).verify(signedRequest(`${body} `, headers, { now }))).toBe(
      'invalid',
    );
  });

  it('signs v1a with a whsk_ key, verifiable with the whpk_ key, beside HMAC secrets (rotation)', () => {
    const pair = keyPair();
    const headers = scheme
      .signer(pair.privateKey)
      .sign({ body, method: 'POST', url: testUrl, id, timestampSec: now / 1000 });
    expect(headers['webhook-signature']).toMatch(/^v1a,/);
    expect(scheme.verifier([secret, pair.publicKey]).verify(signedRequest(body, headers, { now }))).toBe(
      'valid',
    );
    expect(scheme.verifier([secret]).verify(signedRequest(body, headers, { now }))).toBe('invalid');
  });

  it('accepts a list holding v1 and v1a signatures when either matches', () => {
    const pair = keyPair();
    const v1 = scheme
      .signer(secret)
      .sign({ body, method: 'POST', url: testUrl, id, timestampSec: now / 1000 });
    const list = `v1a,${pair.sign(`${id}.${timestamp}.${body}`)} ${v1['webhook-signature'] ?? ''}`;
    const headers = { ...v1, 'webhook-signature': list };
    expect(scheme.verifier([secret]).verify(signedRequest(body, headers, { now }))).toBe('valid');
    expect(scheme.verifier([pair.publicKey]).verify(signedRequest(body, headers, { now }))).toBe('valid');
  });
});
