import { describe, expect, it } from 'vitest';
import {
  csrfMatches,
  csrfTokenOf,
  issueSession,
  sessionKeyOf,
  sessionTtlMs,
  verifySession,
} from '../../../src/console/session-token.js';

const key = sessionKeyOf('the-admin-token');
const now = Date.UTC(2026, 0, 1);

describe('console session tokens', () => {
  it('verifies a session it issued until it expires after 8 hours', () => {
    const { value, sessionId } = issueSession(key, now);
    expect(verifySession(key, value, now)).toBe(sessionId);
    expect(verifySession(key, value, now + sessionTtlMs - 1)).toBe(sessionId);
    expect(verifySession(key, value, now + sessionTtlMs)).toBeUndefined();
    expect(sessionTtlMs).toBe(8 * 60 * 60 * 1000);
  });

  it('refuses a session signed with another token, tampered with, or malformed', () => {
    const { value } = issueSession(key, now);
    expect(verifySession(sessionKeyOf('another-token'), value, now)).toBeUndefined();
    const [id, expires, mac] = value.split('.');
    expect(verifySession(key, `${id}.${Number(expires) + 1000}.${mac}`, now)).toBeUndefined();
    expect(
      verifySession(key, `${id}.${expires}.${mac?.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`, now),
    ).toBeUndefined();
    for (const bad of [undefined, '', 'x', `${value}.extra`, value.replace(/\./g, '')])
      expect(verifySession(key, bad, now)).toBeUndefined();
  });

  it('gives each session its own CSRF token and matches only that one', () => {
    const a = issueSession(key, now);
    const b = issueSession(key, now);
    expect(a.sessionId).not.toBe(b.sessionId);
    const token = csrfTokenOf(key, a.sessionId);
    expect(csrfMatches(key, a.sessionId, token)).toBe(true);
    expect(csrfMatches(key, b.sessionId, token)).toBe(false);
    expect(csrfMatches(key, a.sessionId, undefined)).toBe(false);
    expect(csrfMatches(key, a.sessionId, token.slice(1))).toBe(false);
  });
});
