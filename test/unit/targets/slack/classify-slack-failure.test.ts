import { describe, expect, it } from 'vitest';
import {
  classifySlackFailure,
  type SlackFailure,
} from '../../../../src/targets/slack/classify-slack-failure.js';

const webhook = (status: number, body: string, retryAfterMs?: number): SlackFailure => ({
  kind: 'webhook',
  status,
  body,
  retryAfterMs,
});
const api = (error: string | undefined, status = 200, retryAfterMs?: number): SlackFailure => ({
  kind: 'api',
  method: 'chat.postMessage',
  status,
  error,
  retryAfterMs,
});

describe('classifySlackFailure', () => {
  it.each([
    [webhook(400, 'invalid_payload'), 'permanent', 400, 'rejected_by_target'],
    [webhook(400, 'invalid_blocks'), 'permanent', 400, 'rejected_by_target'],
    [webhook(400, 'no_text'), 'permanent', 400, 'rejected_by_target'],
    [webhook(403, 'action_prohibited'), 'permanent', 403, 'rejected_by_target'],
    [webhook(403, 'invalid_token'), 'permanent', 403, 'auth_failed'],
    [webhook(404, 'channel_not_found'), 'permanent', 404, 'rejected_by_target'],
    [webhook(410, 'channel_is_archived'), 'permanent', 410, 'rejected_by_target'],
    [webhook(302, ''), 'permanent', 302, 'rejected_by_target'],
    [webhook(200, 'not quite ok'), 'permanent', 200, 'rejected_by_target'],
    [webhook(500, 'rollup_error'), 'retryable', 500, 'http_5xx'],
    [webhook(503, ''), 'retryable', 503, 'http_5xx'],
    [webhook(429, 'rate_limited'), 'retryable', 429, 'rate_limited'],
    [api('invalid_auth'), 'permanent', 200, 'auth_failed'],
    [api('token_revoked'), 'permanent', 200, 'auth_failed'],
    [api('channel_not_found'), 'permanent', 200, 'rejected_by_target'],
    [api('not_in_channel'), 'permanent', 200, 'rejected_by_target'],
    [api('is_archived'), 'permanent', 200, 'rejected_by_target'],
    [api('missing_scope'), 'permanent', 200, 'rejected_by_target'],
    [api('invalid_blocks'), 'permanent', 200, 'rejected_by_target'],
    [api('msg_too_long'), 'permanent', 200, 'rejected_by_target'],
    [api('some_new_error'), 'permanent', 200, 'rejected_by_target'],
    [api(undefined), 'permanent', 200, 'rejected_by_target'],
    [api('internal_error'), 'retryable', 200, 'target_unavailable'],
    [api('fatal_error'), 'retryable', 200, 'target_unavailable'],
    [api('service_unavailable'), 'retryable', 200, 'target_unavailable'],
    [api('request_timeout'), 'retryable', 200, 'target_unavailable'],
    [api('ratelimited', 429), 'retryable', 429, 'rate_limited'],
    [api(undefined, 502), 'retryable', 502, 'http_5xx'],
  ] as const)('%o → %s %s %s', (failure, kind, status, code) => {
    const error = classifySlackFailure(failure);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
  });

  it("names Slack's error code and a hint in the message", () => {
    expect(classifySlackFailure(webhook(404, 'channel_not_found\n')).message).toMatch(
      /^Slack incoming webhook answered 404 channel_not_found \(/,
    );
    expect(classifySlackFailure(api('not_in_channel')).message).toBe(
      'Slack chat.postMessage answered 200 not_in_channel (invite the app to the channel)',
    );
  });

  it('does not repeat a body that is not a Slack error code', () => {
    const error = classifySlackFailure(
      webhook(403, '<html>Forbidden: https://hooks.slack.com/services/T/B/secret</html>'),
    );
    expect(error.message).not.toContain('secret');
    expect(error.message).toContain('unexpected body');
  });

  it('passes a rate limit’s Retry-After on', () => {
    expect(classifySlackFailure(webhook(429, 'rate_limited', 7000)).retryAfterMs).toBe(7000);
    expect(classifySlackFailure(api('ratelimited', 429, 30_000)).retryAfterMs).toBe(30_000);
    expect(classifySlackFailure(api('ratelimited', 200, 2000)).retryAfterMs).toBe(2000);
    expect(classifySlackFailure(webhook(429, '')).retryAfterMs).toBeUndefined();
  });

  it('names the Web API method, and the scope a file upload needs', () => {
    const failure = { ...api('missing_scope'), method: 'files.getUploadURLExternal' };
    expect(classifySlackFailure(failure).message).toBe(
      'Slack files.getUploadURLExternal answered 200 missing_scope (the app needs the chat:write scope, and files:write to upload the file)',
    );
  });

  it('retries an upload URL that refused the bytes: the next attempt asks for a new one', () => {
    const error = classifySlackFailure({ kind: 'upload', status: 403 });
    expect([error.kind, error.status, error.message]).toEqual([
      'retryable',
      403,
      "Slack's upload URL answered 403 to the file",
    ]);
  });

  it('retries network failures and timeouts, but not a malformed request', () => {
    const reset = classifySlackFailure({ kind: 'network', code: 'ECONNRESET', timedOut: false });
    expect([reset.kind, reset.message]).toEqual(['retryable', 'Slack request failed (ECONNRESET)']);
    const timeout = classifySlackFailure({ kind: 'network', code: 'ETIMEDOUT', timedOut: true });
    expect([timeout.kind, timeout.message]).toEqual(['retryable', 'Slack request timed out']);
    expect(classifySlackFailure({ kind: 'network', code: 'ERR_INVALID_URL', timedOut: false }).kind).toBe(
      'permanent',
    );
    expect(classifySlackFailure({ kind: 'network', code: undefined, timedOut: false }).kind).toBe(
      'retryable',
    );
  });
});
