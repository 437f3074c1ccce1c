import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/create-logger.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes one JSON line with the level as a word and an ISO time', () => {
    const out = capture();
    createLogger('info', out.stream).info({ source: 'connect-it' }, 'event received');
    const [line] = out.lines();
    expect(line).toMatchObject({
      level: 'info',
      service: 'hookgate',
      source: 'connect-it',
      msg: 'event received',
    });
    expect(String(line?.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('redacts signature headers, tokens and secrets wherever they are nested', () => {
    const out = capture();
    createLogger('info', out.stream).info({
      req: { headers: { 'x-connect-it-token': 'abc123', authorization: 'Bearer xoxb-1' } },
      target: { token: 'xoxb-2', webhookUrl: 'https://hooks.slack.com/services/T/B/X', password: 'p' },
      secrets: ['s1'],
    });
    const text = JSON.stringify(out.lines());
    for (const secret of ['abc123', 'xoxb-1', 'xoxb-2', 'hooks.slack.com', '"p"', 's1']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });

  it('honours the level', () => {
    const out = capture();
    const logger = createLogger('warn', out.stream);
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines().map((l) => l.msg)).toEqual(['shown']);
  });

  it('redacts the signature header of every preset', () => {
    const out = capture();
    const headers = {
      'stripe-signature': 't=1,v1=abc',
      'x-slack-signature': 'v0=abc',
      'x-twilio-signature': 'abc=',
      'x-gitlab-token': 'glpat',
      'paddle-signature': 'ts=1;h1=abc',
      'svix-signature': 'v1,abc',
      'content-type': 'application/json',
    };
    createLogger('info', out.stream).info({ req: { headers } }, 'request');
    const logged = (out.lines()[0]?.req as { headers: Record<string, string> }).headers;
    expect(logged).toEqual({
      'stripe-signature': '[redacted]',
      'x-slack-signature': '[redacted]',
      'x-twilio-signature': '[redacted]',
      'x-gitlab-token': '[redacted]',
      'paddle-signature': '[redacted]',
      'svix-signature': '[redacted]',
      'content-type': 'application/json',
    });
  });
});
