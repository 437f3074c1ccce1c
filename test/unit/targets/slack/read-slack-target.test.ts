import { describe, expect, it } from 'vitest';
import { readSlackTarget, slackDefaults } from '../../../../src/targets/slack/read-slack-target.js';

const webhookUrl = 'https://hooks.slack.com/services/T000/B000/s3cret';

describe('readSlackTarget', () => {
  it('reads an incoming webhook target with every default filled in', () => {
    expect(readSlackTarget({ type: 'slack', webhookUrl })).toEqual({
      destination: { mode: 'webhook', webhookUrl },
      timeoutMs: 10_000,
      pace: { perSecond: 1, burst: 3 },
      long: 'split',
    });
  });

  it('reads a bot token target posting to chat.postMessage of the public Slack API by default', () => {
    expect(readSlackTarget({ type: 'slack', token: 'xoxb-1-2-abc', channel: '#ops' }).destination).toEqual({
      mode: 'bot',
      token: 'xoxb-1-2-abc',
      channel: '#ops',
      endpoint: 'https://slack.com/api/chat.postMessage',
    });
    expect(slackDefaults.apiUrl).toBe('https://slack.com/api');
  });

  it('uses a given apiUrl, without its trailing slashes', () => {
    const config = readSlackTarget({ token: 'xoxb-1', channel: 'C1', apiUrl: 'http://slack.test/api//' });
    expect(config.destination).toMatchObject({ endpoint: 'http://slack.test/api/chat.postMessage' });
  });

  it('keeps the given timeout, pace and long-detail mode', () => {
    const config = readSlackTarget({
      webhookUrl,
      timeoutMs: 2500,
      pace: { perSecond: 0.5, burst: 1 },
      long: 'truncate',
    });
    expect(config).toMatchObject({ timeoutMs: 2500, pace: { perSecond: 0.5, burst: 1 }, long: 'truncate' });
  });

  it('fills in the half of the pace that is not given', () => {
    expect(readSlackTarget({ webhookUrl, pace: { perSecond: 2 } }).pace).toEqual({ perSecond: 2, burst: 3 });
    expect(readSlackTarget({ webhookUrl, pace: { burst: 10 } }).pace).toEqual({ perSecond: 1, burst: 10 });
  });
});
