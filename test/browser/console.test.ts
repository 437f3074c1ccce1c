import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSink } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { repoRoot, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';

const executablePath = '/usr/bin/chromium';
// Skipped only on a machine without Debian's chromium; in CI (.ci/run installs it) the tests always run.
const runBrowser = existsSync(executablePath) || process.env.CI !== undefined;
const secret = 'browser-secret';
const token = 'browser-admin-token-5678';
const shots = join(repoRoot, 'test-results', 'console');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const yaml = `server:
  dataDir: ./data
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["${secret}"] }
    eventId: { path: id }
    events: { test.completed: {}, transcript.completed: {} }
targets:
  team-slack: { type: slack, webhookUrl: "\${SLACK_URL}", retry: none }
routes:
  - name: to-slack
    events: [test.completed, transcript.completed]
    to: team-slack
    message:
      title: '{{ event.data.headline | default: "Test" }}'
      text: '*{{ event.data.user | default: "Someone" }}* said {{ event.data.said | default: "hello" }}'
`;

describe.skipIf(!runBrowser)('console in headless Chromium', () => {
  let running: TestGateway;
  let slack: HttpSink;
  let browser: Browser;
  let page: Page;
  let base: string;
  const dialogs: string[] = [];
  const cspErrors: string[] = [];
  let seq = 0;

  async function send(payload: Record<string, unknown>): Promise<string> {
    const id = `evt-browser-${++seq}`;
    const response = await postSigned(`${base}/webhook`, { id, ...payload }, secret);
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }

  async function settled(eventId: string, status: string): Promise<void> {
    await waitUntil(`event ${eventId} ${status}`, async () => {
      const detail = await running.gateway.store.getEvent(eventId);
      return detail?.deliveries.every((d) => d.delivery.status === status) ? true : undefined;
    });
  }

  async function noSeriousViolations(): Promise<void> {
    await page.evaluate(axeSource);
    // Evaluated as text: the tests are compiled without the DOM library.
    const violations = await page.evaluate<{ id: string; impact?: string }[]>(
      'axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact })))',
    );
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  }

  // The README's pictures are rewritten only on request (UPDATE_DOCS_SCREENSHOTS=1), so a test run leaves the
  // tree clean; every run still keeps its own pictures under test-results/.
  async function shootForDocs(file: string): Promise<void> {
    const path =
      process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? join(repoRoot, 'docs', file) : join(shots, file);
    await page.screenshot({ path });
  }

  async function shoot(name: string): Promise<void> {
    await page.screenshot({ path: join(shots, `${name}-desktop.png`), fullPage: true });
    const size = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: join(shots, `${name}-phone.png`), fullPage: true });
    if (size) await page.setViewportSize(size);
  }

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    slack = await new HttpSink().start();
    running = await startTestGateway({
      yaml,
      env: { ADMIN_TOKEN: token, SLACK_URL: `${slack.url}/services/T/B/X` },
    });
    base = running.gateway.url;
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        cspErrors.push(message.text());
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, 60_000);

  afterAll(async () => {
    // Each may be missing when beforeAll failed part-way.
    const [b, r, s] = [
      browser as Browser | undefined,
      running as TestGateway | undefined,
      slack as HttpSink | undefined,
    ];
    await b?.close();
    await r?.stop();
    await s?.stop();
  });

  it('redirects to sign-in while signed out, then signs in with the token', async () => {
    await page.goto(`${base}/console/events`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await noSeriousViolations();
    await page.getByLabel('Admin token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectHeading('Overview');
  });

  it('shows an event delivered to the local Slack sink on the overview and in the events list', async () => {
    const eventId = await send({ type: 'test.completed', data: { headline: 'Deploy done', user: 'Ada' } });
    await settled(eventId, 'delivered');
    expect(slack.requests.length).toBeGreaterThanOrEqual(1);
    await page.goto(`${base}/console`);
    expect(await page.locator('[data-stat="accepted"]').textContent()).toBe('1');
    expect(await page.locator('[data-stat="delivered"]').textContent()).toBe('1');
    // uPlot drew the charts from the shipped file (no CDN).
    await page.locator('#events-chart canvas').waitFor();
    await noSeriousViolations();
    await shootForDocs('console-overview.png');
    await shoot('overview');
  });

  it('filters the events list and opens an event by its link; a hostile payload renders as text', async () => {
    const hostile = await send({
      type: 'transcript.completed',
      data: {
        headline: '<img src=x onerror=alert(1)>',
        user: '<script>alert(2)</script>',
        said: '<javascript:alert(3)|click me>',
        text: 'x'.repeat(1000),
      },
    });
    await settled(hostile, 'delivered');
    await page.goto(`${base}/console/events`);
    await page.getByLabel('Type').fill('transcript.completed');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.locator('table.events tbody tr');
    expect(await rows.count()).toBe(1);
    await noSeriousViolations();
    await shoot('events');
    await page.getByRole('link', { name: hostile }).click();
    await expectHeading(`Event ${hostile}`);
    expect(await page.getByText('<img src=x onerror=alert(1)>').count()).toBeGreaterThan(0);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('<script>alert(2)</script>');
    expect(await page.getByRole('link', { name: /show all/ }).count()).toBe(1);
    // The attempt and the Slack message as Slack shows it: the user in bold.
    expect(await page.locator('.timeline li').count()).toBe(1);
    expect(await page.locator('.slack strong').first().innerText()).toBe('<script>alert(2)</script>');
    expect(dialogs).toEqual([]);
    // Our own files run under the strict policy: nothing was blocked.
    expect(cspErrors).toEqual([]);
    await noSeriousViolations();
    await shootForDocs('console-event.png');
    await shoot('event');
  });

  it('replays a dead letter with one click: the sink receives it and the timeline gains the attempt', async () => {
    slack.reply = () => ({ status: 500, body: 'down' });
    const eventId = await send({ type: 'test.completed', data: { headline: 'Will fail' } });
    await settled(eventId, 'dead');
    slack.reply = () => ({ status: 200, body: 'ok' });
    const before = slack.requests.length;
    await page.goto(`${base}/console/dead-letters`);
    await noSeriousViolations();
    await shoot('dead-letters');
    await page
      .getByRole('row', { name: new RegExp(eventId) })
      .getByRole('button', { name: 'Replay' })
      .click();
    await settled(eventId, 'delivered');
    expect(slack.requests.length).toBe(before + 1);
    await page.goto(`${base}/console/events/${eventId}`);
    expect(await page.locator('.timeline li').count()).toBe(2);
    expect(await page.locator('.timeline li').last().innerText()).toContain('success');
  });

  it('replays all dead letters of a target after a confirmation', async () => {
    slack.reply = () => ({ status: 500, body: 'down' });
    const a = await send({ type: 'test.completed', data: { headline: 'A' } });
    const b = await send({ type: 'test.completed', data: { headline: 'B' } });
    await settled(a, 'dead');
    await settled(b, 'dead');
    slack.reply = () => ({ status: 200, body: 'ok' });
    await page.goto(`${base}/console/dead-letters`);
    await page.getByRole('link', { name: 'Replay all' }).click();
    await expectHeading('Replay all dead letters of team-slack?');
    await noSeriousViolations();
    await page.getByRole('button', { name: 'Replay all' }).click();
    expect(await page.getByRole('status').innerText()).toContain('Replayed 2');
    await settled(a, 'delivered');
    await settled(b, 'delivered');
  });

  it('shows targets, and the routes page tries an event without sending it', async () => {
    await page.goto(`${base}/console/targets`);
    expect(await page.locator('main').innerText()).toContain('team-slack');
    expect(await page.locator('main').innerText()).not.toContain(slack.url);
    await noSeriousViolations();
    await shoot('targets');
    const before = slack.requests.length;
    await page.goto(`${base}/console/routes`);
    await page
      .getByLabel('Payload (JSON)')
      .fill(JSON.stringify({ type: 'test.completed', data: { user: 'Grace', said: 'hi there' } }));
    await page.getByRole('button', { name: 'Try' }).click();
    expect(await page.locator('.slack').first().innerText()).toContain('Grace said hi there');
    expect(await page.locator('.slack strong').first().innerText()).toBe('Grace');
    expect(slack.requests.length).toBe(before);
    await noSeriousViolations();
    await shoot('routes');
  });

  it('refuses a POST without the CSRF token', async () => {
    const response = await page.request.post(`${base}/console/dead-letters/team-slack/replay-all`, {
      form: { nothing: '1' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
  });

  it('fits 360 px without horizontal scroll, and follows the dark system setting', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    let stacked = 0;
    for (const path of [
      '/console',
      '/console/events',
      '/console/dead-letters',
      '/console/targets',
      '/console/routes',
    ]) {
      await page.goto(`${base}${path}`);
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width, path).toBeLessThanOrEqual(360);
      // A table that scrolls inside its own box fits the page but not the reader: on a phone every listing is
      // stacked, each cell led by its column's name.
      const tables = await page.evaluate<{ overflow: number; unlabelled: number; rows: number }[]>(
        `[...document.querySelectorAll('table.stack')].map((t) => ({
          overflow: t.scrollWidth - t.clientWidth,
          rows: t.tBodies[0].rows.length,
          unlabelled: [...t.querySelectorAll('td')].filter(
            (td) => td.dataset.label !== '' && getComputedStyle(td, '::before').content !== JSON.stringify(td.dataset.label),
          ).length,
        }))`,
      );
      stacked += tables.length;
      for (const table of tables) expect(table, path).toMatchObject({ overflow: 0, unlabelled: 0 });
    }
    // Overview (queues), events, targets and routes always hold one; dead letters only when there are some.
    expect(stacked).toBeGreaterThanOrEqual(4);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/console`);
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(13, 17, 23)');
    await noSeriousViolations();
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(255, 255, 255)');
  });

  it('is keyboard navigable: Tab reaches an event link and Enter opens it', async () => {
    await page.goto(`${base}/console/events`);
    let focused = '';
    for (let i = 0; i < 40 && !focused.startsWith('/console/events/'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string>("document.activeElement?.getAttribute('href') ?? ''");
    }
    expect(focused).toMatch(/^\/console\/events\/evt/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${focused}`);
    await expectHeading(/^Event /);
  });

  it('signs out; then every console page redirects to sign-in', async () => {
    await page.goto(`${base}/console`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    for (const path of [
      '/console',
      '/console/events',
      '/console/targets',
      '/console/routes',
      '/console/dead-letters',
    ]) {
      await page.goto(`${base}${path}`);
      expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    }
    const api = await page.request.get(`${base}/console/api/overview`, { maxRedirects: 0 });
    expect(api.status()).toBe(401);
  });

  async function expectHeading(name: string | RegExp): Promise<void> {
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }
});
