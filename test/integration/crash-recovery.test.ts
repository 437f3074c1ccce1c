import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { freePort, spawnGateway, type GatewayProcess } from '../helpers/gateway-process.js';
import { HttpSink } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { repoRoot } from '../helpers/test-gateway.js';

const secret = 'crash-secret';
const eventCount = 20;

// Retries come quickly (100 ms, capped at 500 ms) so the restarted gateway sends at once; the pace lets all
// N through without Slack's 1-a-second default.
const config = (slackUrl: string): string => `
server:
  port: \${PORT}
  host: 127.0.0.1
  dataDir: \${DATA_DIR}
  shutdownTimeoutMs: 5000
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["\${WEBHOOK_SECRET}"] }
    events:
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
  team-slack:
    type: slack
    webhookUrl: "${slackUrl}"
    pace: { perSecond: 100, burst: 100 }
    retry: { preset: standard, baseDelay: 100ms, maxDelay: 500ms }
routes:
  - name: transcripts
    events: transcript.completed
    to: team-slack
    message: { title: '{{ event.data.headline }}', text: '{{ event.data.text }}' }
`;

/** A temp folder with the shipped event schemas copied in, as `startTestGateway` makes. */
function configDir(yaml: string): { dir: string; configFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-crash-'));
  cpSync(join(repoRoot, 'config'), join(dir, 'config'), { recursive: true });
  const configFile = join(dir, 'gateway.yaml');
  writeFileSync(configFile, yaml);
  return { dir, configFile };
}

/** Resolves with the error code of a TCP connection attempt, or 'connected' when something listens. */
function probePort(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Resolves once the process has written a line matching `pattern`; rejects after `timeoutMs`. */
function waitForOutput(gateway: GatewayProcess, pattern: RegExp, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms:\n${gateway.output()}`)),
      timeoutMs,
    );
    const check = (): void => {
      if (!pattern.test(gateway.output())) return;
      clearTimeout(timer);
      gateway.child.stdout?.off('data', check);
      resolve();
    };
    gateway.child.stdout?.on('data', check);
    check();
  });
}

/** Resolves once the process has exited and its output streams are drained ('exit' may come before them). */
const closed = ({ child }: GatewayProcess): Promise<void> =>
  new Promise((resolve) => child.once('close', () => resolve()));

const headlineOf = (body: string): string =>
  (JSON.parse(body) as { blocks?: { type: string; text?: { text: string } }[] }).blocks?.find(
    (b) => b.type === 'header',
  )?.text?.text ?? '';

describe('the gateway process: crash recovery, graceful stop, invalid config', () => {
  const children: GatewayProcess[] = [];
  const dirs: string[] = [];
  const sinks: HttpSink[] = [];

  const spawn = (configFile: string, env: Record<string, string>): GatewayProcess => {
    const gateway = spawnGateway(configFile, env);
    children.push(gateway);
    return gateway;
  };

  afterEach(async () => {
    for (const { child, exited } of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
    await Promise.all(sinks.splice(0).map((s) => s.stop()));
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every accepted event after a SIGKILL and a restart, then exits 0 on SIGTERM', async () => {
    const slackPort = await freePort();
    let gatewayPort = await freePort();
    while (gatewayPort === slackPort) gatewayPort = await freePort();
    const { dir, configFile } = configDir(config(`http://127.0.0.1:${slackPort}/services/T000/B000/XXXX`));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const env = { PORT: String(gatewayPort), DATA_DIR: dataDir, WEBHOOK_SECRET: secret };

    const first = spawn(configFile, env);
    await first.ready();
    const headlines = Array.from({ length: eventCount }, (_, i) => `Crash transcript #${i + 1}`);
    // All at once: the whole batch is accepted within a few retries of the first, well before the policy's
    // 8 attempts could run out against the closed port.
    const answers = await Promise.all(
      headlines.map(async (headline, i) => {
        const event = {
          type: 'transcript.completed',
          id: `evt-crash-${i + 1}`,
          data: { headline, text: 'x' },
        };
        const response = await postSigned(`http://127.0.0.1:${gatewayPort}/webhook`, event, secret);
        return { status: response.status, body: (await response.json()) as { status: string } };
      }),
    );
    expect(answers.map((a) => [a.status, a.body.status])).toEqual(headlines.map(() => [200, 'accepted']));

    // Kill with a retry already scheduled (a backoff in the store), not only fresh deliveries.
    await waitForOutput(first, /"nextAttemptAt"/);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const slack = await new HttpSink().start(slackPort);
    sinks.push(slack);
    const second = spawn(configFile, env);
    await second.ready();
    await slack.waitFor(eventCount, 15_000);

    const received = slack.requests.map((r) => headlineOf(r.body));
    expect(new Set(received)).toEqual(new Set(headlines));

    const secondClosed = closed(second);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await secondClosed;
    expect(second.output()).toContain('"msg":"stopped"');

    // Nothing lost and nothing left: every delivery is recorded as delivered once the process has stopped.
    const store = openSqliteStore({ dataDir });
    try {
      const deliveries = await store.listDeliveries({ limit: 100 });
      expect(deliveries).toHaveLength(eventCount);
      expect(deliveries.filter((d) => d.status !== 'delivered')).toEqual([]);
      const details = await Promise.all(deliveries.map((d) => store.getEvent(d.eventId)));
      const attempts = details.flatMap((d) => d?.deliveries.flatMap((x) => x.attempts) ?? []);
      // The crash hit work under way: an attempt refused before the kill is in the history.
      expect(attempts.some((a) => a.outcome === 'retryable' && a.error?.includes('ECONNREFUSED'))).toBe(true);
      expect(attempts.filter((a) => a.outcome === 'success')).toHaveLength(eventCount);
    } finally {
      await store.close();
    }
    // Exactly once each here: the target was unreachable until the restart, so no attempt could have landed.
    expect(received).toHaveLength(eventCount);
  }, 45_000);

  it('exits 1 on a config naming an unknown target, with file:line:column on stderr, never listening', async () => {
    const port = await freePort();
    const yaml = config('http://127.0.0.1:9/hook').replace('to: team-slack', 'to: team-slak');
    const { dir, configFile } = configDir(yaml);
    dirs.push(dir);
    const lines = yaml.split('\n');
    const line = lines.findIndex((l) => l.includes('to: team-slak')) + 1;
    const column = (lines[line - 1] ?? '').indexOf('team-slak') + 1;

    const gateway = spawn(configFile, {
      PORT: String(port),
      DATA_DIR: join(dir, 'data'),
      WEBHOOK_SECRET: secret,
    });
    let stderr = '';
    gateway.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const gatewayClosed = closed(gateway);

    expect(await gateway.exited).toBe(1);
    await gatewayClosed;
    expect(stderr).toContain(
      `${configFile}:${line}:${column}: unknown target "team-slak" (known: team-slack)`,
    );
    expect(gateway.output()).toContain('"msg":"config invalid; not starting"');
    // Checked before anything was opened: not the store, not the port.
    expect(existsSync(join(dir, 'data'))).toBe(false);
    expect(gateway.output()).not.toContain('gateway ready');
    expect(await probePort(port)).toBe('ECONNREFUSED');
  });
});
