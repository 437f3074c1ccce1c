import { createConnectItScheme } from '../../src/signing/connect-it-scheme.js';

const connectIt = createConnectItScheme();

/**
 * Signs a body as Connect It does, with the scheme module the gateway verifies with (its own tests check that
 * module against the sender's recipe): lowercase hex HMAC-SHA256 keyed with the webhook secret.
 */
export function connectItSignature(body: string, secret: string): string {
  const headers = connectIt.signer(secret).sign({ body, method: 'POST', url: '', id: '', timestampSec: 0 });
  const token = headers['x-connect-it-token'];
  if (token === undefined) throw new Error('the connect-it scheme signed without its header');
  return token;
}

/** POSTs a signed Connect It webhook the way the sender's sample does (JSON.stringify of the event). */
export async function postSigned(
  url: string,
  event: unknown,
  secret: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<Response> {
  const body = init.body ?? JSON.stringify(event);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-connect-it-token': connectItSignature(body, secret),
      ...init.headers,
    },
    body,
  });
}
