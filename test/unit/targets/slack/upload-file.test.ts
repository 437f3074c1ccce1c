import nock from 'nock';
import { got } from 'got';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../../src/errors.js';
import { uploadFileToThread } from '../../../../src/targets/slack/upload-file.js';

const api = 'https://slack.test';
const files = 'https://files.slack.test';
const token = 'xoxb-1-2-s3cret';
const where = { channel: 'C0OPS', threadTs: '1700000000.000100' };
const options = { timeoutMs: 5000, now: () => 0 };
const file = { name: 'transcript.txt', title: 'All hands', content: Buffer.from('Ana: héllo <there>\n') };
const upload = () =>
  uploadFileToThread(got.extend({}), { apiUrl: `${api}/api`, token }, file, where, options);

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('uploadFileToThread', () => {
  it('gets an upload URL, posts the bytes there without the token, then shares the file in the thread', async () => {
    let uploaded: Buffer | undefined;
    let uploadAuth: string | undefined;
    let completed: unknown;
    nock(api)
      .post('/api/files.getUploadURLExternal', 'filename=transcript.txt&length=20')
      .matchHeader('authorization', `Bearer ${token}`)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, { ok: true, upload_url: `${files}/upload/v1/abc`, file_id: 'F123' })
      .post('/api/files.completeUploadExternal', (body: unknown) => (completed = body) !== undefined)
      .matchHeader('authorization', `Bearer ${token}`)
      .reply(200, { ok: true, files: [{ id: 'F123' }] });
    nock(files)
      .post('/upload/v1/abc')
      .reply(function (_uri, body) {
        uploaded = Buffer.from(body as string, 'utf8');
        uploadAuth = this.req.headers.authorization;
        return [200, 'OK - 20'];
      });
    await upload();
    expect(uploaded?.toString('utf8')).toBe('Ana: héllo <there>\n');
    expect(uploadAuth).toBeUndefined();
    expect(completed).toEqual({
      files: [{ id: 'F123', title: 'All hands' }],
      channel_id: 'C0OPS',
      thread_ts: '1700000000.000100',
    });
  });

  it('is permanent when the app lacks files:write, and says so', async () => {
    nock(api).post('/api/files.getUploadURLExternal').reply(200, { ok: false, error: 'missing_scope' });
    const error: unknown = await upload().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: 'permanent' });
    expect((error as Error).message).toContain('files:write');
  });

  it('is retryable when the upload URL refuses the bytes, and never completes that upload', async () => {
    nock(api)
      .post('/api/files.getUploadURLExternal')
      .reply(200, { ok: true, upload_url: `${files}/upload/v1/abc`, file_id: 'F123' });
    nock(files).post('/upload/v1/abc').reply(500, 'oops');
    await expect(upload()).rejects.toMatchObject({ kind: 'retryable', status: 500 });
  });
});
