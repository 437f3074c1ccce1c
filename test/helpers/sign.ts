import { createHmac } from 'node:crypto';

/** Signs a body exactly as Connect It does: lowercase hex HMAC-SHA256 keyed with the webhook secret. */
export function connectItSignature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
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
