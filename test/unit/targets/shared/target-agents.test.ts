import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import got from 'got';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTargetAgents } from '../../../../src/targets/shared/target-agents.js';

describe('createTargetAgents', () => {
  const server = createServer((_req, res) => res.end('ok'));
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('pools keep-alive connections up to the in-flight cap and closes them on destroy', async () => {
    const agents = createTargetAgents(3);
    expect(agents.agent.http.maxSockets).toBe(3);
    expect(agents.agent.https.maxFreeSockets).toBe(3);
    const client = got.extend({ agent: agents.agent, retry: { limit: 0 } });
    await Promise.all([client(url), client(url), client(url)]);
    await client(url);
    const free = Object.values(agents.agent.http.freeSockets).flat();
    // The fourth request reused a pooled connection: still at most three, all kept open.
    expect(free.length).toBeGreaterThanOrEqual(1);
    expect(free.length).toBeLessThanOrEqual(3);
    agents.destroy();
    expect(free.every((socket) => socket?.destroyed)).toBe(true);
  });
});
