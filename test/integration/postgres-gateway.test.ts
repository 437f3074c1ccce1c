import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../helpers/console-client.js';
import { spawnGateway, type GatewayProcess } from '../helpers/gateway-process.js';
import { HttpSink } from '../helpers/http-sink.js';
import { oneTargetConfig } from '../helpers/one-target-config.js';
import { createTestSchema, postgresAdminUrl, type TestSchema } from '../helpers/postgres-schema.js';
import { rawRequest } from '../helpers/raw-request.js';
import { postSigned } from '../helpers/sign.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { repoRoot } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';

const secret = 'pg-secret';
const dir = mkdtempSync(join(tmpdir(), 'hookgate-pg-'));

const postgresServer = (url: string): string[] => [
  'store: postgres',
  `databaseUrl: "${url}"`,
  'port: ${PORT}',
];

function run(
  script: 'main' | 'cli',
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'dist', 'src', `${script}.js`), ...args],
      { env: { PATH: process.env.PATH ?? '', PORT: '0', ...env }, timeout: 20_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

function writeConfig(name: string, server: string[], url = 'http://127.0.0.1:9/hook'): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, oneTargetConfig({ secret, url, server }));
  return file;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('store: postgres', () => {
  it('refuses to start on an unreachable server, naming it without the password', async () => {
    const file = writeConfig(
      'unreachable',
      postgresServer('postgres://postgres:hunter2-pw@127.0.0.1:1/test'),
    );
    const result = await run('main', [file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^hookgate: cannot open the PostgreSQL store at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test: .*ECONNREFUSED/,
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain('hunter2');
  });

  it('refuses to start on a database that does not exist, saying so', async () => {
    const url = new URL(postgresAdminUrl);
    url.pathname = '/hookgate_no_such_database';
    url.password = 'hunter2-pw';
    const result = await run('main', [writeConfig('missing-db', postgresServer(url.toString()))]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/database "hookgate_no_such_database" does not exist \(3D000\)/);
    expect(`${result.stdout}${result.stderr}`).not.toContain('hunter2');
  });

  describe('a running gateway whose database goes away', () => {
    let schema: TestSchema;
    let proxy: TcpProxy;
    let sink: HttpSink;
    let gateway: GatewayProcess;
    let base: string;
    let file: string;

    beforeAll(async () => {
      schema = await createTestSchema();
      proxy = await new TcpProxy('127.0.0.1', 5432).start();
      sink = await new HttpSink().start();
      const url = new URL(schema.url);
      url.port = String(proxy.port);
      file = writeConfig('running', postgresServer('${DATABASE_URL}'), `${sink.url}/hook`);
      // Port 0: the kernel picks the port as the gateway binds it, so nothing can take it in between.
      gateway = spawnGateway(file, { PORT: '0', DATABASE_URL: url.toString() });
      base = `http://127.0.0.1:${await gateway.ready(20_000)}`;
    }, 30_000);

    afterAll(async () => {
      gateway.child.kill('SIGKILL');
      await gateway.exited;
      await sink.stop();
      await proxy.stop();
      await schema.drop();
    });

    const post = (n: number) =>
      postSigned(`${base}/webhook`, { type: 'test.completed', id: `evt-${n}`, data: { n } }, secret);

    it('answers 503 store_unavailable and is not ready while it is down, and recovers by itself', async () => {
      expect((await post(1)).status).toBe(200);
      await sink.waitFor(1, 10_000);

      proxy.cutOff();
      const refused = await post(2);
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('store_unavailable');
      expect(refused.headers.get('retry-after')).not.toBeNull();
      // The worker finds the store failing on its next pass (at most a second: the fleet poll).
      let ready = await fetch(`${base}/readyz`);
      for (let i = 0; i < 50 && ready.status === 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ready = await fetch(`${base}/readyz`);
      }
      expect(ready.status).toBe(503);

      proxy.restore();
      let accepted = await post(3);
      for (let i = 0; i < 50 && accepted.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        accepted = await post(3);
      }
      expect(accepted.status).toBe(200);
      await sink.waitFor(2, 10_000);
      expect(sink.requests.map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n)).toEqual([
        1, 3,
      ]);
      for (let i = 0; i < 50 && ready.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ready = await fetch(`${base}/readyz`);
      }
      expect(ready.status).toBe(200);
    }, 30_000);

    it('lets the CLI read the same database through the same config', async () => {
      const url = new URL(schema.url);
      const result = await run('cli', ['events', 'list', '--json', '--config', file], {
        DATABASE_URL: url.toString(),
      });
      expect(result.stderr).toBe('');
      const listed = JSON.parse(result.stdout) as { id: string; status: string }[];
      // Events 1 and 3 (2 was refused). Either may still be pending: event 1's result may have been lost to the
      // cut (it is sent again when its lease runs out), event 3's may still be recording.
      expect(listed).toHaveLength(2);
      for (const event of listed) expect(['pending', 'delivered']).toContain(event.status);
    });
  });

  describe('the operator console on a postgres-backed gateway', () => {
    const token = 'pg-console-admin-token-1234';
    let schema: TestSchema;
    let sink: HttpSink;
    let gateway: GatewayProcess;
    let base: string;

    beforeAll(async () => {
      schema = await createTestSchema();
      sink = await new HttpSink().start();
      const file = writeConfig('console', postgresServer('${DATABASE_URL}'), `${sink.url}/hook`);
      gateway = spawnGateway(file, { PORT: '0', DATABASE_URL: schema.url, ADMIN_TOKEN: token });
      base = `http://127.0.0.1:${await gateway.ready(20_000)}`;
    }, 30_000);

    afterAll(async () => {
      gateway.child.kill('SIGKILL');
      await gateway.exited;
      await sink.stop();
      await schema.drop();
    });

    it('signs in, lists the event on the Events page and shows the message its target was sent', async () => {
      const response = await postSigned(
        `${base}/webhook`,
        { type: 'test.completed', id: 'pg-console-1' },
        secret,
      );
      expect(response.status).toBe(200);
      const { id: eventId } = (await response.json()) as { id: string };
      await sink.waitFor(1, 10_000);

      const session = await signIn(base, token);
      const events = await rawRequest(base, 'GET', '/console/events', { cookie: session.cookie });
      expect(events.status).toBe(200);
      expect(events.body).toContain(eventId);

      // The attempt (and its message) is recorded a moment after the target answered.
      const page = await waitUntil('the attempt on the event page', async () => {
        const shown = await rawRequest(base, 'GET', `/console/events/${eventId}`, { cookie: session.cookie });
        return shown.body.includes('Message sent') ? shown : undefined;
      });
      expect(page.status).toBe(200);
      expect(page.body).toContain('Message sent');
      expect(page.body).toContain('pg-console-1');
      // The pass-through attempt stored a marker for the body it sent; the page shows the event's body instead.
      expect(page.body).not.toContain('$hookgate');
      expect(page.body).not.toContain('event-body');
    }, 30_000);
  });
});
