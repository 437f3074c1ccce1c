import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import got from 'got';
import { cheapRequestOptions } from '../src/targets/shared/cheap-request-options.js';

/**
 * The delivery ceiling: a bare `got` loop posting ~13 KB JSON events (each with its own `id`) to the bench sink,
 * IN_FLIGHT requests at once over keep-alive connections, for RUN_MS, then prints `{"sent":N,"failed":M}` and
 * exits. Nothing is stored, retried or logged: what the gateway's delivery side is measured against. It uses got
 * the same cheapest way the gateway's targets do (an empty cacheOptions per request), so the ratio compares the work
 * done around got, not a got setting only one side has.
 * Env: SINK_URL, IN_FLIGHT, RUN_MS, BODY_BYTES, TAG.
 */
const url = required('SINK_URL');
const inFlight = Number(required('IN_FLIGHT'));
const runMs = Number(required('RUN_MS'));
const bodyBytes = Number(process.env.BODY_BYTES ?? '13000');
const tag = process.env.TAG ?? 'got';

const agent = new Agent({ keepAlive: true, maxSockets: inFlight, maxFreeSockets: inFlight });
const client = got.extend(cheapRequestOptions, {
  retry: { limit: 0 },
  agent: { http: agent },
  timeout: { request: 10_000 },
});
const filler = 'x'.repeat(Math.max(0, bodyBytes - 200));
const deadline = performance.now() + runMs;
let sent = 0;
let failed = 0;

async function loop(): Promise<void> {
  while (performance.now() < deadline && failed < 200) {
    const id = `${tag}-${sent++}`;
    try {
      await client.post(url, {
        body: `{"id":"${id}","type":"transcript.completed","data":{"text":"${filler}"}}`,
        headers: { 'content-type': 'application/json' },
      });
    } catch {
      failed++;
    }
  }
}

await Promise.all(Array.from({ length: inFlight }, loop));
agent.destroy();
process.stdout.write(`${JSON.stringify({ sent, failed })}\n`);

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
}
