import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSink } from '../helpers/http-sink.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const secret = 'fan-out-secret';

describe('one event, several routes', () => {
  const first = new HttpSink();
  const second = new HttpSink();
  let running: TestGateway;

  beforeAll(async () => {
    await first.start();
    await second.start();
    running = await startTestGateway({
      yaml: `
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["${secret}"] }
    events:
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
  ops: { type: slack, webhookUrl: "${first.url}/ops" }
  sales: { type: slack, webhookUrl: "${second.url}/sales" }
routes:
  - name: all-transcripts
    events: transcript.*
    to: ops
    message: { text: 'ops: {{ event.data.headline }}' }
  - name: long-meetings
    events: transcript.completed
    filter: { field: data.metadata.duration_seconds, gte: 600 }
    to: sales
    message: { text: 'sales: {{ event.data.headline }}' }
`,
    });
  });
  afterAll(async () => {
    await running.stop();
    await first.stop();
    await second.stop();
  });

  it('sends to both routes when both match', async () => {
    const event = {
      type: 'transcript.completed',
      data: { headline: 'Kick-off', metadata: { duration_seconds: 1860 } },
    };
    const response = await postSigned(`${running.gateway.url}/webhook`, event, secret);
    const answer = await response.json();
    expect(answer).toMatchObject({ deliveries: 2 });
    await first.waitFor(1);
    await second.waitFor(1);
    expect(first.requests[0]?.body).toContain('ops: Kick-off');
    expect(second.requests[0]?.body).toContain('sales: Kick-off');
  });

  it('skips a route whose filter does not match', async () => {
    const event = {
      type: 'transcript.completed',
      data: { headline: 'Stand-up', metadata: { duration_seconds: 60 } },
    };
    const response = await postSigned(`${running.gateway.url}/webhook`, event, secret);
    expect(await response.json()).toMatchObject({ deliveries: 1 });
    await first.waitFor(2);
    expect(first.requests[1]?.body).toContain('ops: Stand-up');
    expect(second.requests).toHaveLength(1);
  });
});
