import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import { IngestRequest } from '../../../src/ingest/ingest-request.js';

/** The parts of a Koa context the request reads; counts how often the Host header is asked for. */
function fakeContext(headers: Record<string, string>): { ctx: Context; hostReads: () => number } {
  let reads = 0;
  const ctx = {
    headers,
    method: 'POST',
    originalUrl: '/hooks/twilio?x=1',
    get(name: string): string {
      if (name === 'host') reads++;
      return headers[name] ?? '';
    },
  } as unknown as Context;
  return { ctx, hostReads: () => reads };
}

describe('IngestRequest', () => {
  it('carries the body, headers, method and time, and builds the URL from Host only when it is read', () => {
    const { ctx, hostReads } = fakeContext({ host: 'gw.example', 'x-forwarded-proto': 'https' });
    const body = Buffer.from('{}');
    const request = new IngestRequest(ctx, undefined, body, 1234);
    expect(request.rawBody).toBe(body);
    expect(request.headers).toBe(ctx.headers);
    expect(request.method).toBe('POST');
    expect(request.now).toBe(1234);
    expect(hostReads()).toBe(0);
    expect(request.url).toBe('https://gw.example/hooks/twilio?x=1');
    expect(request.url).toBe('https://gw.example/hooks/twilio?x=1');
    expect(hostReads()).toBe(1);
  });

  it('uses the configured public URL when there is one', () => {
    const { ctx } = fakeContext({ host: 'internal:8080' });
    const request = new IngestRequest(ctx, 'https://public.example/hooks/twilio', Buffer.alloc(0), 0);
    expect(request.url).toBe('https://public.example/hooks/twilio');
  });
});
