import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedStore } from '../../../../src/store/store-drivers.js';
import type { Pace } from '../../../../src/targets/slack/channel-pacer.js';
import type { PacerRegistry } from '../../../../src/targets/shared/pacer-registry.js';
import { createSharedPacerRegistry } from '../../../../src/targets/shared/shared-pacer-registry.js';
import { createTestSchema, type TestSchema, openTestPostgres } from '../../../helpers/postgres-schema.js';

const t0 = Date.UTC(2025, 0, 1);
const channel = 'slack-channel\u0000#ops';

/**
 * A fake clock both replicas read: `sleep` does not move it, it notes when the sleeper would post. Takes made "at
 * the same moment" at two replicas then show the slots the database handed out, with no wall-clock waiting.
 */
function fakeClock(at: () => number) {
  const posts: number[] = [];
  return {
    posts,
    clock: {
      now: at,
      sleep: (ms: number, signal?: AbortSignal) => {
        if (signal?.aborted) return Promise.reject(new Error('aborted'));
        posts.push(at() + ms);
        return Promise.resolve();
      },
    },
  };
}

describe('channel paces in PostgreSQL: one channel, two replicas', () => {
  let schema: TestSchema;
  const opened: OpenedStore[] = [];
  const registries: PacerRegistry[] = [];
  let now = t0;

  beforeAll(async () => {
    schema = await createTestSchema();
    for (let i = 0; i < 2; i++) {
      const handle = await openTestPostgres(schema.url);
      opened.push(handle);
      if (!handle.paces) throw new Error('the postgres store offers no shared paces');
      registries.push(createSharedPacerRegistry(handle.paces));
    }
  });

  afterAll(async () => {
    for (const handle of opened) await handle.close();
    await schema.drop();
  });

  function pacerAt(replica: number, pace: Pace, key = channel) {
    const registry = registries[replica];
    if (!registry) throw new Error(`no replica ${replica}`);
    const fake = fakeClock(() => now);
    return { pacer: registry.pacerFor(key, pace, fake.clock), posts: fake.posts };
  }

  it('spaces posts from both replicas one interval apart after the burst', async () => {
    const pace = { perSecond: 1, burst: 2 };
    const a = pacerAt(0, pace);
    const b = pacerAt(1, pace);
    // Three posts at each replica, all wanted at once.
    const held = await Promise.all([a, b, a, b, a, b].map((side) => side.pacer.take()));
    expect(held).toEqual([0, 0, 0, 0, 0, 0]);
    const all = [...a.posts, ...b.posts].map((at) => at - t0).sort((x, y) => x - y);
    // Two at once (the burst: posts with no wait note nothing), then one a second, whichever replica asked.
    expect(all).toEqual([1_000, 2_000, 3_000, 4_000]);
    expect(a.posts.length).toBeGreaterThan(0);
    expect(b.posts.length).toBeGreaterThan(0);
  });

  it("holds the channel at every replica after one replica's 429, then paces from the end of the hold", async () => {
    now = t0 + 100_000;
    const pace = { perSecond: 1, burst: 1 };
    const key = 'slack-channel\u0000#held';
    const a = pacerAt(0, pace, key);
    const b = pacerAt(1, pace, key);
    await a.pacer.holdFor(30_000);
    expect(await b.pacer.take()).toBe(30_000);
    now += 10_000;
    expect(await a.pacer.take()).toBe(20_000);
    now += 20_000;
    expect(await b.pacer.take()).toBe(0);
    expect(await a.pacer.take()).toBe(0);
    expect(a.posts.map((at) => at - now)).toEqual([1_000]);
    expect(b.posts).toEqual([]);
  });

  it('gives an aborted wait its slot back, so the next post anywhere takes it', async () => {
    now = t0 + 200_000;
    const pace = { perSecond: 2, burst: 1 };
    const key = 'slack-channel\u0000#abort';
    const a = pacerAt(0, pace, key);
    const b = pacerAt(1, pace, key);
    await a.pacer.take();
    const aborted = AbortSignal.abort();
    await expect(a.pacer.take(aborted)).rejects.toThrow('aborted');
    await b.pacer.take();
    expect(b.posts.map((at) => at - now)).toEqual([500]);
  });

  it('keys rows by a hash: a Slack webhook URL (a secret) never reaches the database', async () => {
    const secretKey = 'slack-webhook\u0000https://hooks.slack.com/services/T000/B000/secret-part';
    await pacerAt(0, { perSecond: 1, burst: 1 }, secretKey).pacer.take();
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string }>('SELECT key FROM channel_paces');
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.key).toMatch(/^[0-9a-f]{64}$/);
        expect(row.key).not.toContain('secret-part');
      }
    } finally {
      await client.end();
    }
  });
});
