import * as crypto from 'node:crypto';
import Koa from 'koa';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearerAuth, bearerMatches } from '../../../src/admin/bearer-auth.js';
import { serveKoa, type ServedApp } from '../../helpers/serve-koa.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const token = 'adm_7Qk2Lw9xPz';

afterEach(() => {
  vi.mocked(crypto.timingSafeEqual).mockClear();
});

describe('bearerMatches', () => {
  it.each([
    ['Bearer adm_7Qk2Lw9xPz'],
    ['bearer adm_7Qk2Lw9xPz'],
    ['BEARER\tadm_7Qk2Lw9xPz'],
    ['Bearer   adm_7Qk2Lw9xPz  '],
  ])('accepts %j', (header) => {
    expect(bearerMatches(header, token)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a wrong token', 'Bearer adm_7Qk2Lw9xPy'],
    ['a prefix of the token', 'Bearer adm_7Qk2'],
    ['the token with more after it', 'Bearer adm_7Qk2Lw9xPzz'],
    ['the token differing in case', 'Bearer ADM_7QK2LW9XPZ'],
    ['another scheme', 'Basic adm_7Qk2Lw9xPz'],
    ['the bare token', 'adm_7Qk2Lw9xPz'],
    ['no token', 'Bearer '],
    ['two tokens', 'Bearer adm_7Qk2Lw9xPz adm_7Qk2Lw9xPz'],
  ])('refuses %s', (_, header) => {
    expect(bearerMatches(header, token)).toBe(false);
  });

  it('compares in constant time on equal-length digests, whatever length was sent', () => {
    const compare = vi.mocked(crypto.timingSafeEqual);
    for (const header of [undefined, 'Bearer x', `Bearer ${token}`, `Bearer ${'y'.repeat(500)}`]) {
      compare.mockClear();
      bearerMatches(header, token);
      expect(compare).toHaveBeenCalledTimes(1);
      const [presented, expected] = compare.mock.calls[0]!;
      expect(presented.byteLength).toBe(32);
      expect(expected.byteLength).toBe(32);
    }
  });
});

describe('bearerAuth', () => {
  let served: ServedApp;
  let base: string;

  beforeAll(async () => {
    const app = new Koa();
    app.silent = true;
    app.use(bearerAuth(token));
    app.use((ctx) => {
      ctx.body = { secret: 'admin data' };
    });
    served = await serveKoa(app);
    base = served.base;
  });

  afterAll(async () => {
    await served.close();
  });

  it('refuses an empty token when it is set up', () => {
    expect(() => bearerAuth('')).toThrow(TypeError);
  });

  it('lets a request with the token through', async () => {
    const response = await fetch(`${base}/admin`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ secret: 'admin data' });
  });

  it.each([
    ['a missing token', {}],
    ['a wrong token', { authorization: 'Bearer adm_wrong' }],
  ])('answers %s with 401, a JSON error and WWW-Authenticate', async (_, headers) => {
    const response = await fetch(`${base}/admin`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="hookgate admin"');
    expect(await response.json()).toEqual({
      error: { code: 'unauthorized', message: 'a valid admin bearer token is required' },
    });
  });
});
