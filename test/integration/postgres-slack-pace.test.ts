import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSink } from '../helpers/http-sink.js';
import { createTestSchema, type TestSchema } from '../helpers/postgres-schema.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const secret = 'pace-secret';
const perSecond = 4;
const posts = 8;

const yaml = `
server:
  store: postgres
  databaseUrl: \${DATABASE_URL}
sources:
  connect-it:
    verify: { scheme: connect-it, secrets: ["${secret}"] }
    events: { test.completed: {} }
targets:
  team-slack:
    type: slack
    webhookUrl: \${SLACK_WEBHOOK_URL}
    pace: { perSecond: ${perSecond}, burst: 1 }
routes:
  - { name: all, events: test.completed, to: team-slack, message: { text: "n={{ event.data.n }}" } }
`;

/**
 * Two gateways on one PostgreSQL post to one Slack channel: its pace holds for both together, not for each (with
 * a pacer per process, two replicas would post twice as fast as Slack allows).
 */
describe('fleet: one Slack channel, two replicas', () => {
  let schema: TestSchema;
  const slack = new HttpSink();
  const arrivals: number[] = [];
  const replicas: TestGateway[] = [];

  beforeAll(async () => {
    schema = await createTestSchema();
    await slack.start();
    slack.reply = () => {
      arrivals.push(performance.now());
      return { status: 200, body: 'ok' };
    };
    const env = { DATABASE_URL: schema.url, SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/XXXX` };
    for (let i = 0; i < 2; i++) replicas.push(await startTestGateway({ yaml, env }));
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await slack.stop();
    await schema.drop();
  });

  it("posts at the channel's pace across both replicas", async () => {
    const sent = await Promise.all(
      Array.from({ length: posts }, (_, n) =>
        postSigned(
          `${replicas[n % 2]?.gateway.url ?? ''}/webhook`,
          { type: 'test.completed', id: `evt-${n}`, data: { n } },
          secret,
        ),
      ),
    );
    expect(sent.map((response) => response.status)).toEqual(Array.from({ length: posts }, () => 200));
    await slack.waitFor(posts, 15_000);

    const intervalMs = 1000 / perSecond;
    const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] ?? at));
    // Slots are a whole interval apart on the database's clock; the posts' own latency (a loaded machine) blurs
    // each gap a little. Paced per process, the two replicas' posts would go out in pairs, in about half the time.
    expect(Math.min(...gaps)).toBeGreaterThan(intervalMs / 4);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThan((posts - 1) * intervalMs * 0.9);
    // Both replicas posted, through one row keyed by a hash of the webhook URL (never the URL itself).
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string }>('SELECT key FROM channel_paces');
      expect(rows.map((row) => row.key)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    } finally {
      await client.end();
    }
  }, 30_000);
});
