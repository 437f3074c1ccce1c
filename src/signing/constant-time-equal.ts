import { timingSafeEqual } from 'node:crypto';

/**
 * Compares a received signature with the expected one without leaking where they differ. Lengths are compared
 * first (timingSafeEqual throws on unequal lengths; the length of an HMAC is public anyway).
 */
export function constantTimeEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
