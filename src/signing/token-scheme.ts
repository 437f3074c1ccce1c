import { createHash, timingSafeEqual } from 'node:crypto';
import { firstHeader } from './first-header.js';
import type { SignatureScheme } from './signature-scheme.js';

/**
 * Shared-token schemes, where the credential itself travels in a header: GitLab's `X-Gitlab-Token`, an
 * `Authorization: Bearer <token>`, or `Authorization: Basic` with `user:password`. There is nothing signed, so
 * nothing to replay-protect beyond TLS: use them only where the sender offers nothing better.
 */
export type TokenKind = 'gitlab' | 'bearer' | 'basic';

const headerOf: Record<TokenKind, string> = {
  gitlab: 'x-gitlab-token',
  bearer: 'authorization',
  basic: 'authorization',
};

export function createTokenScheme(kind: TokenKind): SignatureScheme {
  const header = headerOf[kind];
  return {
    name: kind,
    signatureHeaders: [header],
    secretProblem(secret) {
      if (hasControlCharacter(secret)) return 'must not contain control characters (it travels in a header)';
      if (kind === 'basic' && !secret.includes(':')) return 'must be "user:password"';
      if (kind === 'bearer' && !/^[A-Za-z0-9\-._~+/]+=*$/.test(secret)) {
        return 'must be a bearer token (letters, digits and -._~+/, then optional =)';
      }
      return undefined;
    },
    verifier(secrets) {
      const digests = secrets.map(digestOf);
      return {
        verify(request) {
          const value = firstHeader(request.headers, header);
          if (value === undefined || value.trim() === '') return 'missing';
          const credential = credentialOf(kind, value.trim());
          if (credential === undefined) return 'invalid';
          // Digests have one length whatever the token's, so the comparison leaks neither content nor length.
          const received = digestOf(credential);
          return digests.some((expected) => timingSafeEqual(received, expected)) ? 'valid' : 'invalid';
        },
      };
    },
    signer(secret) {
      const value =
        kind === 'gitlab'
          ? secret
          : kind === 'bearer'
            ? `Bearer ${secret}`
            : `Basic ${Buffer.from(secret, 'utf8').toString('base64')}`;
      return { sign: () => ({ [header]: value }) };
    },
  };
}

/** The credential in a header value; undefined when the value is of another auth scheme. */
function credentialOf(kind: TokenKind, value: string): string | undefined {
  if (kind === 'gitlab') return value;
  const space = value.indexOf(' ');
  const scheme = space === -1 ? '' : value.slice(0, space).toLowerCase();
  const rest = value.slice(space + 1).trim();
  // Auth scheme names are case-insensitive (RFC 9110 §11.1).
  if (kind === 'bearer') return scheme === 'bearer' ? rest : undefined;
  if (scheme !== 'basic') return undefined;
  return Buffer.from(rest, 'base64').toString('utf8');
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
