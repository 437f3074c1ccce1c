import { describe, expect, it } from 'vitest';
import { readSlackTarget } from '../../../../src/targets/slack/read-slack-target.js';
import { slackTargetDefaults } from '../../../../src/targets/slack/slack-target-definition.js';

const webhookUrl = 'https://hooks.slack.com/services/T000/B000/s3cret';

describe('readSlackTarget', () => {
  it('reads an incoming webhook target with every default filled in', () => {
    expect(readSlackTarget({ type: 'slack', webhookUrl })).toEqual({
      destination: { mode: 'webhook', webhookUrl },
      timeoutMs: 10_000,
      pace: { perSecond: 1, burst: 3 },
      maxParts: 10,
      file: undefined,
    });
  });

  it('reads a bot token target posting to chat.postMessage of the public Slack API by default', () => {
    expect(readSlackTarget({ type: 'slack', token: 'xoxb-1-2-abc', channel: '#ops' }).destination).toEqual({
      mode: 'bot',
      token: 'xoxb-1-2-abc',
      channel: '#ops',
      apiUrl: 'https://slack.com/api',
    });
    expect(slackTargetDefaults.apiUrl).toBe('https://slack.com/api');
  });

  it('uses a given apiUrl, without its trailing slashes', () => {
    const config = readSlackTarget({ token: 'xoxb-1', channel: 'C1', apiUrl: 'http://slack.test/api//' });
    expect(config.destination).toMatchObject({ apiUrl: 'http://slack.test/api' });
  });

  it('keeps the given timeout, pace and parts; long: truncate is one part', () => {
    const config = readSlackTarget({
      webhookUrl,
      timeoutMs: 2500,
      pace: { perSecond: 0.5, burst: 1 },
      maxParts: 4,
    });
    expect(config).toMatchObject({ timeoutMs: 2500, pace: { perSecond: 0.5, burst: 1 }, maxParts: 4 });
    expect(readSlackTarget({ webhookUrl, long: 'truncate', maxParts: 4 }).maxParts).toBe(1);
    expect(readSlackTarget({ webhookUrl, long: 'split' }).maxParts).toBe(10);
  });

  it('uploads the file under its default name with a bot token, unless told not to', () => {
    expect(readSlackTarget({ token: 'xoxb-1', channel: 'C1' }).file).toEqual({ name: 'transcript.txt' });
    expect(readSlackTarget({ token: 'xoxb-1', channel: 'C1', fileName: 'minutes.md' }).file).toEqual({
      name: 'minutes.md',
    });
    expect(readSlackTarget({ token: 'xoxb-1', channel: 'C1', file: false }).file).toBeUndefined();
  });

  it('fills in the half of the pace that is not given', () => {
    expect(readSlackTarget({ webhookUrl, pace: { perSecond: 2 } }).pace).toEqual({ perSecond: 2, burst: 3 });
    expect(readSlackTarget({ webhookUrl, pace: { burst: 10 } }).pace).toEqual({ perSecond: 1, burst: 10 });
  });
});
