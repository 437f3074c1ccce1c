import { describe, expect, it } from 'vitest';
import { isUnderPrefix, nonCanonicalReason } from '../../src/canonical-path.js';

describe('nonCanonicalReason', () => {
  it.each(['/', '/webhook', '/admin/events/evt_1~route~target', '/hooks/a.b-c_d', '/x/%20y', '/caf%C3%A9'])(
    'accepts the canonical path %s',
    (path) => expect(nonCanonicalReason(path)).toBeUndefined(),
  );

  it.each([
    ['admin/events', 'does not start with /'],
    ['//admin/events', 'empty segment'],
    ['/admin//events', 'empty segment'],
    ['/admin/events/', 'ends with /'],
    ['/admin/./events', 'dot segment'],
    ['/x/../admin/events', 'dot segment'],
    ['/admin/events/..', 'dot segment'],
    ['/admin%2Fevents', 'encodes "/"'],
    ['/admin%2fevents', 'encodes "/"'],
    ['/x/%2e%2e/admin', 'encodes "."'],
    ['/%61dmin/events', 'encodes "a"'],
    ['/admin%5Cevents', 'encodes "\\"'],
    ['/admin\\events', 'backslash'],
    ['/admin%zzevents', 'malformed'],
    ['/admin%2', 'malformed'],
  ])('refuses %s (%s)', (path, reason) => expect(nonCanonicalReason(path)).toContain(reason));
});

describe('isUnderPrefix', () => {
  it('matches the prefix and what lies below it, in any letter case', () => {
    for (const path of ['/admin', '/admin/events', '/ADMIN/events', '/Admin/x/y', '/aDmIn'])
      expect(isUnderPrefix(path, '/admin')).toBe(true);
  });

  it('does not match a longer first segment', () => {
    for (const path of ['/administrator', '/admin-x/events', '/adminevents', '/'])
      expect(isUnderPrefix(path, '/admin')).toBe(false);
  });
});
