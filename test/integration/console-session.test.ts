import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, postForm, signIn } from '../helpers/console-client.js';
import { HttpSink } from '../helpers/http-sink.js';
import { oneTargetConfig } from '../helpers/one-target-config.js';
import { rawRequest } from '../helpers/raw-request.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';

const secret = 'console-secret';
const token = 'console-admin-token-1234';

describe('console sign-in, session and CSRF over real HTTP', () => {
  let running: TestGateway;
  let sink: HttpSink;
  let base: string;

  beforeAll(async () => {
    sink = await new HttpSink().start();
    sink.reply = () => ({ status: 400, body: 'no' });
    running = await startTestGateway({
      yaml: oneTargetConfig({ secret, url: `${sink.url}/hook?api_key=supersecretvalue` }),
      env: { ADMIN_TOKEN: token },
    });
    base = running.gateway.url;
  });
  afterAll(async () => {
    await running.stop();
    await sink.stop();
  });

  it('is off (404) when ADMIN_TOKEN is not set', async () => {
    const off = await startTestGateway({ yaml: oneTargetConfig({ secret, url: `${sink.url}/hook` }) });
    try {
      for (const path of ['/console', '/console/sign-in', '/console/events', '/console/assets/console.css'])
        expect((await rawRequest(off.gateway.url, 'GET', path)).status).toBe(404);
      expect((await postForm(off.gateway.url, '/console/sign-in', { token })).status).toBe(404);
    } finally {
      await off.stop();
    }
  });

  it('redirects signed-out pages to sign-in and answers the API 401', async () => {
    const page = await rawRequest(base, 'GET', '/console/events');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/console/sign-in');
    expect((await rawRequest(base, 'GET', '/console/api/overview')).status).toBe(401);
    const signInPage = await rawRequest(base, 'GET', '/console/sign-in');
    expect(signInPage.status).toBe(200);
    expect(signInPage.headers['content-security-policy']).toContain("default-src 'self'");
    expect(signInPage.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('refuses a wrong token and issues an HttpOnly, SameSite=Strict, expiring cookie for the right one', async () => {
    const wrong = await postForm(base, '/console/sign-in', { token: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(cookieOf(wrong)).toBeUndefined();
    const right = await postForm(base, '/console/sign-in', { token });
    expect(right.status).toBe(303);
    const header = String(right.headers['set-cookie']);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Max-Age=28800/);
    // Plain HTTP here: a Secure cookie would never come back.
    expect(header).not.toMatch(/Secure/);
    const cookie = cookieOf(right) ?? '';
    const overview = await rawRequest(base, 'GET', '/console', { cookie });
    expect(overview.status).toBe(200);
    expect(overview.body).toContain('<h1>Overview</h1>');
    // A tampered signature is no session.
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await rawRequest(base, 'GET', '/console', { cookie: forged })).status).toBe(303);
  });

  it('refuses a POST without the CSRF token (403 forbidden) and replays with it; shows no target URL secret', async () => {
    const response = await postSigned(`${base}/webhook`, { type: 'test.completed', id: 'c1' }, secret);
    expect(response.status).toBe(200);
    const [dead] = await waitUntil('the delivery to dead-letter', async () => {
      const list = await running.gateway.store.listDeliveries({ status: 'dead', limit: 1 });
      return list.length > 0 ? list : undefined;
    });
    const session = await signIn(base, token);
    const path = `/console/deliveries/${dead!.id}/replay`;
    const refused = await postForm(base, path, {}, { cookie: session.cookie });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'forbidden' } });
    const wrong = await postForm(base, path, { csrf: 'x'.repeat(43) }, { cookie: session.cookie });
    expect(wrong.status).toBe(403);
    const replayed = await postForm(base, path, { csrf: session.csrf }, { cookie: session.cookie });
    expect(replayed.status).toBe(303);
    expect(replayed.headers.location).toContain(`/console/events/`);
    const event = await rawRequest(base, 'GET', `/console/events/${dead!.eventId}`, {
      cookie: session.cookie,
    });
    expect(event.status).toBe(200);
    expect(event.body).toContain('Message sent');
    expect(event.body).not.toContain('supersecretvalue');
    // Each pass-through attempt stored a marker for the body it sent; the page shows the event's body instead.
    expect(event.body).not.toContain('event-body');
  });

  it('rate-limits sign-in: a burst of 10 per address, then 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 12; i++) {
      last = await postForm(base, '/console/sign-in', { token: 'guess' });
      statuses.push(last.status);
    }
    expect(statuses).toContain(429);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    // The right token is refused too while the address waits: guessing cannot go faster.
    expect((await postForm(base, '/console/sign-in', { token })).status).toBe(429);
  });
});
