import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathSpellings } from '../helpers/path-spellings.js';
import { rawRequest, type RawResponse } from '../helpers/raw-request.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';
import { oneTargetConfig } from '../helpers/one-target-config.js';

const secret = 'areas-secret';
const token = 'admin-token-for-the-area-test';

function config(server: readonly string[]): string {
  // Nothing listens at the target: its first attempt fails, the next is an hour away.
  return oneTargetConfig({
    secret,
    url: 'http://127.0.0.1:9/hook',
    server: ['retention: 30d', ...server],
    target: 'retry: { attempts: 8, baseDelay: 1h }',
  });
}

/** Every (method, concrete path) an area's router serves; `:params` get a sample value. */
function routesOf(running: TestGateway): { area: string; prefix: string; method: string; path: string }[] {
  return running.gateway.areas.flatMap((area) =>
    area.router.stack
      .filter((layer) => layer.methods.length > 0 && typeof layer.path === 'string')
      .flatMap((layer) =>
        layer.methods.map((method) => ({
          area: area.name,
          prefix: area.prefix,
          method,
          path: (layer.path as string).replace(/:[A-Za-z]+/g, 'sample-id'),
        })),
      ),
  );
}

function expectRefused(response: RawResponse, method: string, allowed: readonly number[]): void {
  expect(allowed).toContain(response.status);
  // HEAD has no body; a target not starting with / is refused by Node's own parser, before the app, without one.
  if (method === 'HEAD' || (response.status === 400 && response.body === '')) return;
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as { error?: { code?: string } };
  expect(['unauthorized', 'bad_request']).toContain(body.error?.code);
}

describe.each([
  ['one listener for everything', []],
  ['a separate admin listener (server.adminPort)', ['adminPort: 0', 'adminHost: 127.0.0.1']],
])('protected areas, with %s', (_, extraServer) => {
  let running: TestGateway;
  let operatorUrl: string;
  const snapshot = async (): Promise<string> =>
    JSON.stringify([
      await running.gateway.store.listEvents({ limit: 100 }),
      await running.gateway.store.listDeliveries({ limit: 100 }),
    ]);

  beforeAll(async () => {
    running = await startTestGateway({ yaml: config(extraServer), env: { ADMIN_TOKEN: token } });
    operatorUrl = running.gateway.adminUrl ?? running.gateway.url;
    const response = await postSigned(
      `${running.gateway.url}/webhook`,
      { type: 'test.completed', id: 'e1' },
      secret,
    );
    expect(response.status).toBe(200);
    // Its first attempt fails (nothing listens there); the next is an hour away, so the store holds still.
    await waitUntil('the first attempt to be recorded', async () => {
      const [delivery] = await running.gateway.store.listDeliveries({ limit: 1 });
      return delivery?.status === 'pending' && delivery.lastError !== null ? delivery : undefined;
    });
  });
  afterAll(() => running.stop());

  it('enumerates every protected area: the admin API and the console', () => {
    expect(running.gateway.areas.map((area) => area.prefix)).toEqual(['/admin', '/console']);
    expect(routesOf(running).length).toBeGreaterThanOrEqual(6);
    for (const route of routesOf(running))
      expect(route.path === route.prefix || route.path.startsWith(`${route.prefix}/`)).toBe(true);
  });

  it('refuses every route of the admin area, in every spelling, without a token and with a wrong one', async () => {
    const before = await snapshot();
    let checked = 0;
    for (const { method, path } of routesOf(running).filter((route) => route.area === 'admin')) {
      const { caseOnly, ambiguous } = pathSpellings(path);
      for (const auth of [{}, { authorization: 'Bearer wrong-token' }, { authorization: `Basic ${token}` }]) {
        for (const spelling of [path, ...caseOnly, `http://localhost${caseOnly[0] ?? path}`]) {
          expectRefused(await rawRequest(operatorUrl, method, spelling, auth), method, [401]);
          checked++;
        }
        for (const spelling of ambiguous) {
          expectRefused(await rawRequest(operatorUrl, method, spelling, auth), method, [400, 401]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    // Nothing was read out, replayed or purged.
    expect(await snapshot()).toBe(before);
  });

  it('refuses every console route but sign-in and its files, in every spelling, without a session or with a forged one', async () => {
    const before = await snapshot();
    const consoleRoutes = routesOf(running).filter((route) => route.area === 'console');
    expect(consoleRoutes.length).toBeGreaterThanOrEqual(12);
    let checked = 0;
    const cookies = [{}, { cookie: `hookgate_console=${'a'.repeat(24)}.99999999999999.${'b'.repeat(43)}` }];
    for (const { method, path } of consoleRoutes) {
      // The sign-in page is open in its one canonical spelling; its case variants are not.
      const { caseOnly, ambiguous } = pathSpellings(path);
      const spellings = path === '/console/sign-in' ? caseOnly : [path, ...caseOnly];
      for (const headers of [...cookies, { authorization: `Bearer ${token}` }]) {
        for (const spelling of spellings) {
          const response = await rawRequest(operatorUrl, method, spelling, headers);
          expect([303, 401]).toContain(response.status);
          if (response.status === 303) expect(response.headers.location).toBe('/console/sign-in');
          if (spelling.startsWith('/console/api/')) expect(response.status).toBe(401);
          checked++;
        }
        for (const spelling of ambiguous) {
          expect([303, 308, 400, 401]).toContain(
            (await rawRequest(operatorUrl, method, spelling, headers)).status,
          );
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(await snapshot()).toBe(before);
  });

  it('serves only the canonical spelling to the right token; other spellings are 400 or 404', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const listed = await rawRequest(operatorUrl, 'GET', '/admin/events', auth);
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.body)).toMatchObject({ events: [{ type: 'test.completed' }] });
    for (const spelling of pathSpellings('/admin/events').caseOnly)
      expect((await rawRequest(operatorUrl, 'GET', spelling, auth)).status).toBe(404);
    for (const spelling of pathSpellings('/admin/events').ambiguous)
      expect((await rawRequest(operatorUrl, 'GET', spelling, auth)).status).toBe(400);
  });

  it('serves /metrics on the operator listener; with adminPort, neither /metrics nor /admin on the webhook port', async () => {
    expect((await rawRequest(operatorUrl, 'GET', '/metrics')).status).toBe(200);
    const split = running.gateway.adminUrl !== undefined;
    const onPublic = await rawRequest(running.gateway.url, 'GET', '/metrics');
    expect(onPublic.status).toBe(split ? 404 : 200);
    const adminOnPublic = await rawRequest(running.gateway.url, 'GET', '/admin/events', {
      authorization: `Bearer ${token}`,
    });
    expect(adminOnPublic.status).toBe(split ? 404 : 200);
    // Webhooks are only on the webhook port.
    if (split)
      expect((await postSigned(`${operatorUrl}/webhook`, { type: 'test.completed' }, secret)).status).toBe(
        404,
      );
  });
});
