import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answerHandshake, type HandshakeContext } from '../../../src/sources/answer-handshake.js';

const context = (accepted: string[] = [], secret: string | null = 'zoom-secret'): HandshakeContext => ({
  accepts: (type) => accepted.includes(type),
  verifiedSecret: () => Promise.resolve(secret ?? undefined),
});

describe('answerHandshake', () => {
  it('echoes Slack’s challenge for url_verification only', async () => {
    const payload = { type: 'url_verification', challenge: 'abc' };
    expect(await answerHandshake('slack-url-verification', 'url_verification', payload, context())).toEqual({
      challenge: 'abc',
    });
    expect(
      await answerHandshake('slack-url-verification', 'app_mention', payload, context()),
    ).toBeUndefined();
    expect(
      await answerHandshake(
        'slack-url-verification',
        'url_verification',
        { type: 'url_verification' },
        context(),
      ),
    ).toBeUndefined();
  });

  it('answers Zoom with the plain token and its hex HMAC-SHA256 under the verified secret', async () => {
    const payload = { event: 'endpoint.url_validation', payload: { plainToken: 'tok' } };
    expect(
      await answerHandshake('zoom-url-validation', 'endpoint.url_validation', payload, context()),
    ).toEqual({
      plainToken: 'tok',
      encryptedToken: createHmac('sha256', 'zoom-secret').update('tok').digest('hex'),
    });
    expect(
      await answerHandshake('zoom-url-validation', 'endpoint.url_validation', payload, context([], null)),
    ).toBeUndefined();
  });

  it('answers GitHub’s ping, unless the source routes ping as an event', async () => {
    expect(await answerHandshake('github-ping', 'ping', {}, context())).toEqual({ status: 'pong' });
    expect(await answerHandshake('github-ping', 'ping', {}, context(['ping']))).toBeUndefined();
    expect(await answerHandshake('github-ping', 'push', {}, context())).toBeUndefined();
    expect(await answerHandshake(undefined, 'ping', {}, context())).toBeUndefined();
  });
});
