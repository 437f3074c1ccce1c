import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a console session lasts after sign-in. */
export const sessionTtlMs = 8 * 60 * 60 * 1000;

/**
 * Stateless console sessions: the cookie holds `<session id>.<expiry ms>.<HMAC of both>`. The key comes from the
 * admin token, so changing the token signs every session out; nothing is kept on the server.
 */
export function sessionKeyOf(adminToken: string): Buffer {
  return createHmac('sha256', adminToken).update('hookgate console session key v1').digest();
}

export function issueSession(
  key: Buffer,
  now: number,
): { readonly value: string; readonly sessionId: string } {
  const sessionId = randomBytes(18).toString('base64url');
  const body = `${sessionId}.${now + sessionTtlMs}`;
  return { value: `${body}.${mac(key, `session:${body}`)}`, sessionId };
}

/** The session id of a valid, unexpired cookie value, else undefined. */
export function verifySession(key: Buffer, value: string | undefined, now: number): string | undefined {
  const match = /^([A-Za-z0-9_-]{24})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!match) return undefined;
  const [, sessionId = '', expires = '', signature = ''] = match;
  if (!sameText(signature, mac(key, `session:${sessionId}.${expires}`))) return undefined;
  return Number(expires) > now ? sessionId : undefined;
}

/** The CSRF token of a session: every state-changing form carries it. */
export function csrfTokenOf(key: Buffer, sessionId: string): string {
  return mac(key, `csrf:${sessionId}`);
}

export function csrfMatches(key: Buffer, sessionId: string, presented: string | undefined): boolean {
  return sameText(presented ?? '', csrfTokenOf(key, sessionId));
}

/** Constant-time for equal lengths; a different length is refused at once (lengths are public: 43 characters). */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function mac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}
