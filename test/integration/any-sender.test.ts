import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import { HttpSink } from '../helpers/http-sink.js';
import { connectItSignature } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { scheme } from '../helpers/signed-request.js';

/**
 * Senders other than Connect It, over real HTTP against the running gateway, delivering to a real local HTTP
 * target: GitHub (signed by octokit's own code), Slack's handshake, and the issue-11 id and charset probes.
 */
const githubSecret = 'gh-integration-secret';
const slackSecret = '8f742231b10e8888abcd99yyyzzz85a5';
const citSecret = 'cit-integration-secret';

describe('any sender, end to end', () => {
  let sink: HttpSink;
  let running: TestGateway;
  let url: string;

  beforeAll(async () => {
    sink = await new HttpSink().start();
    running = await startTestGateway({
      yaml: `
sources:
  github:
    path: /github
    verify: { preset: github, secrets: ['\${GITHUB_SECRET}'] }
    events: { push: null, 'pull_request.*': null }
  slack:
    path: /slack
    verify: { preset: slack, secrets: ['\${SLACK_SECRET}'] }
    events: { app_mention: null }
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ['\${WEBHOOK_SECRET}'] }
    events: { order.created: null }
targets:
  downstream: { type: http, url: '\${SINK}/in', retry: none }
routes:
  - { name: opened-prs, source: github, events: pull_request.opened, to: downstream }
  - { name: orders, source: connect-it, events: order.created, to: downstream }
`,
      env: {
        GITHUB_SECRET: githubSecret,
        SLACK_SECRET: slackSecret,
        WEBHOOK_SECRET: citSecret,
        SINK: sink.url,
      },
    });
    url = running.gateway.url;
  });
  afterAll(async () => {
    await running.stop();
    await sink.stop();
  });

  async function github(event: string, body: string, delivery: string): Promise<Response> {
    return fetch(`${url}/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': delivery,
        'x-hub-signature-256': await octokitSign(githubSecret, body),
      },
      body,
    });
  }

  it('answers GitHub’s ping 200 and queues nothing', async () => {
    const response = await github('ping', '{"zen":"Approachable is better than simple.","hook_id":1}', 'p-1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'pong' });
    expect(await running.gateway.store.listEvents({ limit: 10 })).toEqual([]);
  });

  it('routes a pull_request with action opened as pull_request.opened and delivers the bytes received', async () => {
    const body = '{"action":"opened","number":42,"pull_request":{"title":"Add presets"}}';
    const response = await github('pull_request', body, '72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect(await response.json()).toMatchObject({ status: 'accepted', deliveries: 1 });
    await sink.waitFor(1);
    expect(sink.requests[0]?.body).toBe(body);
    const [event] = await running.gateway.store.listEvents({ limit: 1 });
    expect(event).toMatchObject({
      type: 'pull_request.opened',
      dedupeKey: 'id:"72d3162e-cc78-11e3-81ab-4c9367dc0958"',
    });
  });

  it('answers Slack’s url_verification with the challenge', async () => {
    const body =
      '{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}';
    const headers = scheme('slack')
      .signer(slackSecret)
      .sign({
        body,
        method: 'POST',
        url: `${url}/slack`,
        id: 'x',
        timestampSec: Math.floor(Date.now() / 1000),
      });
    const response = await fetch(`${url}/slack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it('delivers events whose ids parse alike as distinct events (issue 11, item 2)', async () => {
    const before = sink.requests.length;
    const ids = [
      '9007199254740993',
      '9007199254740992',
      '12345678901234567890',
      '12345678901234567891',
      '5',
      '"5"',
    ];
    const bodies = [
      ...ids.map((id) => `{"type":"order.created","id":${id}}`),
      '{"type":"order.created","id":"","total":1}',
      '{"type":"order.created","id":"","total":2}',
    ];
    for (const body of bodies) {
      const response = await fetch(`${url}/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-connect-it-token': connectItSignature(body, citSecret),
        },
        body,
      });
      expect(await response.json(), body).toMatchObject({ status: 'accepted', deliveries: 1 });
    }
    await sink.waitFor(before + bodies.length);
    expect(
      sink.requests
        .slice(before)
        .map((r) => r.body)
        .sort(),
    ).toEqual([...bodies].sort());
  });

  it('refuses a body labelled charset=iso-8859-1 with 415 (issue 11, item 11)', async () => {
    const body = Buffer.from('{"type":"order.created","city":"Réunion"}', 'latin1');
    const response = await fetch(`${url}/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=iso-8859-1',
        'x-connect-it-token': connectItSignature(body.toString('latin1'), citSecret),
      },
      body,
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: 'unsupported_charset' } });
  });
});
