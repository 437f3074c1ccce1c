import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startGateway } from '../src/gateway.js';
import { packageRoot } from '../src/package-root.js';
import { createConnectItScheme } from '../src/signing/connect-it-scheme.js';
import { startSlackSink } from './slack-sink.js';

/**
 * `npm run demo`: the whole flow in seconds with nothing to configure. Starts a local Slack-like sink that prints
 * what Slack would show, the gateway with the shipped gateway.yaml pointed at it, then sends the example events
 * signed the way Connect It signs them.
 */
const secret = 'demo-secret';
const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-demo-'));
const sink = await startSlackSink((text) => process.stdout.write(text));
const gateway = await startGateway({
  configFile: join(packageRoot, 'gateway.yaml'),
  env: {
    ...process.env,
    WEBHOOK_SECRET: secret,
    SLACK_WEBHOOK_URL: `${sink.url}/services/DEMO`,
    DATA_DIR: dataDir,
  },
  logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
  port: 0,
});
process.stdout.write(
  `gateway listening on ${gateway.url}/webhook (secret "${secret}"), Slack sink on ${sink.url}\n`,
);

// Signed by the gateway's own Connect It scheme: the module that verifies is the one that signs.
const signer = createConnectItScheme().signer(secret);
for (const name of ['test.completed', 'transcript.completed']) {
  const body = JSON.stringify(
    JSON.parse(readFileSync(join(packageRoot, 'config', 'examples', `${name}.json`), 'utf8')),
  );
  const signature = signer.sign({
    body,
    method: 'POST',
    url: `${gateway.url}/webhook`,
    id: name,
    timestampSec: 0,
  });
  const response = await fetch(`${gateway.url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signature },
    body,
  });
  process.stdout.write(`\n→ POST /webhook ${name}: ${response.status} ${await response.text()}\n`);
  await sink.waitFor(name === 'test.completed' ? 1 : 2);
}

const tampered = JSON.stringify({ type: 'test.completed', note: 'tampered' });
const rejected = await fetch(`${gateway.url}/webhook`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-connect-it-token': '0'.repeat(64) },
  body: tampered,
});
process.stdout.write(
  `\n→ POST /webhook with a bad signature: ${rejected.status} ${await rejected.text()} (nothing sent)\n`,
);

await gateway.stop();
await sink.stop();
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(
  '\ndemo finished: edit gateway.yaml and run `npm run demo` again to see your own messages.\n',
);
