import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load-config.js';
import { createApp } from '../../src/server/create-app.js';
import { closeHttp, listenHttp } from '../../src/server/listen-http.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { postSigned } from '../helpers/sign.js';
import { stubPlugins } from '../helpers/stub-plugin.js';

const secret = 'full-disk-secret';
const config = loadConfigText(
  'gateway.yaml',
  `
sources:
  connect-it:
    verify: { scheme: connect-it, secrets: ["${secret}"] }
    events: { transcript.completed: {} }
targets:
  chat: { type: stub }
  mail: { type: stub }
routes:
  - { name: chat, events: transcript.completed, to: [chat, mail] }
`,
  { env: {}, plugins: stubPlugins },
);

/** The real server and app over a real SQLite store, which is capped at `maxPages` to fill up like a full disk. */
async function serve(store: Store): Promise<{ url: string; server: Server }> {
  const app = createApp({
    config: () => config,
    queue: store,
    logger: pino({ level: 'silent' }),
    now: Date.now,
    isReady: () => true,
  });
  const handle = app.callback();
  const server = await listenHttp((req, res) => void handle(req, res), {
    port: 0,
    host: '127.0.0.1',
    limits: { maxConnections: 16, idleTimeoutMs: 5_000, headersTimeoutMs: 5_000, requestTimeoutMs: 10_000 },
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('a full store (SQLITE_FULL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-full-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('answers 503 store_unavailable with Retry-After, keeps no half-written event, and takes the retry once there is room', async () => {
    // 64 pages of 4 KiB: the schema fits, a 400 KB transcript does not.
    const full = openSqliteStore({ dataDir, maxPages: 64 });
    const small = await serve(full);
    const event = { type: 'transcript.completed', id: 'evt-big', data: { text: 'x'.repeat(400_000) } };

    const refused = await postSigned(`${small.url}/webhook`, event, secret);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({
      error: {
        code: 'store_unavailable',
        message: 'the store is unavailable right now; nothing was changed, try again later',
      },
    });
    // Rolled back whole: no event, no delivery of it.
    expect(await full.listEvents({ limit: 10 })).toEqual([]);
    expect(await full.listDeliveries({ limit: 10 })).toEqual([]);
    // Something small still fits: the store is full, not broken.
    const fits = await postSigned(
      `${small.url}/webhook`,
      { type: 'transcript.completed', id: 'evt-small' },
      secret,
    );
    expect(fits.status).toBe(200);
    await closeHttp(small.server, 0);
    await full.close();

    // With room again (disk freed), the sender's retry is accepted: not taken for a duplicate of a half-write.
    const roomy = openSqliteStore({ dataDir });
    const served = await serve(roomy);
    const retried = await postSigned(`${served.url}/webhook`, event, secret);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ status: 'accepted', deliveries: 2 });
    await closeHttp(served.server, 0);
    await roomy.close();
  });
});
