import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scheme, signedRequest, testUrl, verifyAs } from '../../helpers/signed-request.js';

/**
 * Presets whose providers publish no signing code for Node on npm (or none that runs on Node 20 without a whole
 * app framework): checked against each provider's documented recipe, written out here from the quoted text,
 * independently of src/. Both directions: the recipe's signature verifies, and ours equals the recipe's.
 */
const body = '{"id":820982911946154508,"email":"jon@example.com","note":"naïve <b>"}';
const now = Date.UTC(2026, 10, 30, 12);
const input = { body, method: 'POST', url: testUrl, id: 'm', timestampSec: now / 1000 };

describe('shopify', () => {
  // shopify.dev/docs/apps/build/webhooks/verify-deliveries: "X-Shopify-Hmac-SHA256 … a base64-encoded HMAC-SHA256
  // digest generated using the app's client secret and the data sent in the request."
  const secret = 'shpss_client_secret';
  const recipe = createHmac('sha256', secret).update(body, 'utf8').digest('base64');

  it('verifies the documented signature and signs the same one', async () => {
    expect(
      await verifyAs('shopify', [secret], signedRequest(body, { 'x-shopify-hmac-sha256': recipe })),
    ).toBe('valid');
    expect(scheme('shopify').signer(secret).sign(input)['x-shopify-hmac-sha256']).toBe(recipe);
  });
});

describe('typeform', () => {
  // typeform.com/developers/webhooks/secure-your-webhooks: "create a hash (using secret as a key) of the entire
  // received payload as binary … encode the binary hash in base64 format … add prefix sha256=".
  const secret = 'typeform-secret';
  const recipe = `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('base64')}`;

  it('verifies the documented signature and signs the same one', async () => {
    expect(await verifyAs('typeform', [secret], signedRequest(body, { 'typeform-signature': recipe }))).toBe(
      'valid',
    );
    expect(scheme('typeform').signer(secret).sign(input)['typeform-signature']).toBe(recipe);
  });
});

describe('zoom', () => {
  // developers.zoom.us/docs/api/webhooks/#verify-webhook-events: "construct the message string with v0, the
  // x-zm-request-timestamp and the request body: v0:{WEBHOOK_REQUEST_TIMESTAMP}:{WEBHOOK_REQUEST_BODY} … hash it with
  // your webhook's secret token … hex … prepend v0= and compare with x-zm-signature."
  const secret = 'zoom-secret-token';
  const timestamp = String(now / 1000);
  const recipe = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;

  it('verifies the documented signature and signs the same one', async () => {
    const headers = { 'x-zm-signature': recipe, 'x-zm-request-timestamp': timestamp };
    expect(await verifyAs('zoom', [secret], signedRequest(body, headers, { now }))).toBe('valid');
    expect(scheme('zoom').signer(secret).sign(input)).toEqual(headers);
  });
});

describe('gitlab', () => {
  // docs.gitlab.com/user/project/integrations/webhooks/#validate-requests-with-a-secret-token: "GitLab sends the
  // token in the X-Gitlab-Token HTTP header."
  it('accepts the token itself and sends it the same way', async () => {
    expect(
      await verifyAs('gitlab', ['glsecret'], signedRequest(body, { 'x-gitlab-token': 'glsecret' })),
    ).toBe('valid');
    expect(scheme('gitlab').signer('glsecret').sign(input)).toEqual({ 'x-gitlab-token': 'glsecret' });
  });
});

describe('bearer and basic', () => {
  it('reads RFC 6750 bearer tokens and RFC 7617’s worked example (Aladdin:open sesame)', async () => {
    const basic = { authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' };
    expect(await verifyAs('basic', ['Aladdin:open sesame'], signedRequest(body, basic))).toBe('valid');
    expect(scheme('basic').signer('Aladdin:open sesame').sign(input)).toEqual(basic);
    const bearer = { authorization: 'bearer mF_9.B5f-4.1JqM' };
    expect(await verifyAs('bearer', ['mF_9.B5f-4.1JqM'], signedRequest(body, bearer))).toBe('valid');
    expect(
      await verifyAs('bearer', ['mF_9.B5f-4.1JqM'], signedRequest(body, { authorization: 'Basic x' })),
    ).toBe('invalid');
  });
});
