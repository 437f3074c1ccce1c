import { describe, expect, it } from 'vitest';
import {
  parentTsPlaceholder,
  planSlackPosts,
  previewSlackPosts,
} from '../../../../src/targets/slack/plan-slack-posts.js';
import { readSlackTarget } from '../../../../src/targets/slack/read-slack-target.js';
import { insertedMessage } from './long-transcript.js';

const webhookUrl = 'https://hooks.slack.com/services/T000/B000/s3cretWebhookPart';
const webhook = readSlackTarget({ webhookUrl });
const bot = readSlackTarget({ token: 'xoxb-1-2-s3cret', channel: 'C0OPS', apiUrl: 'https://slack.test/api' });

const message = insertedMessage;

const short = message({ title: 'Weekly planning', text: '*Ana Lima* · today' });
/** Detail too long for one message: four sections of 3,000 characters and a bit. */
const long = message({
  title: 'Weekly planning',
  text: '*Ana Lima* · today',
  detail: Array.from({ length: 4 }, (_, i) => `${String(i)}${'w '.repeat(1499)}`).join('\n'),
});
/** Detail longer than ten parts hold. */
const huge = message({ title: 'All <hands>', text: 'who', detail: 'Ana: hello there\n'.repeat(8000) });

describe('planSlackPosts', () => {
  it('plans one post of text and blocks for a short message to an incoming webhook', () => {
    expect(planSlackPosts(webhook, short)).toEqual({
      file: undefined,
      posts: [
        {
          threadReply: false,
          body: {
            text: 'Weekly planning\n*Ana Lima* · today',
            blocks: [
              {
                type: 'header',
                block_id: 'title',
                text: { type: 'plain_text', text: 'Weekly planning', emoji: true },
              },
              { type: 'section', block_id: 'text-1', text: { type: 'mrkdwn', text: '*Ana Lima* · today' } },
            ],
          },
        },
      ],
    });
  });

  it('adds the channel to each body in bot token mode', () => {
    const [post, ...rest] = planSlackPosts(bot, short).posts;
    expect(rest).toEqual([]);
    expect(post?.body).toMatchObject({ channel: 'C0OPS', text: 'Weekly planning\n*Ana Lima* · today' });
  });

  it('splits a long detail into labelled parts to a webhook, none of them in a thread', () => {
    const { posts } = planSlackPosts(webhook, long);
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) {
      expect(post.threadReply).toBe(false);
      expect(post.body).not.toHaveProperty('thread_ts');
      expect(post.body).not.toHaveProperty('channel');
    }
    expect(posts[1]?.body.text).toBe(`Weekly planning (part 2 of ${posts.length})`);
  });

  it('posts a long detail as thread replies in bot mode, each marked with the parent ts placeholder', () => {
    const [parent, ...replies] = planSlackPosts(bot, long).posts;
    expect(parent?.threadReply).toBe(false);
    expect(parent?.body).not.toHaveProperty('thread_ts');
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) {
      expect(reply.threadReply).toBe(true);
      expect(reply.body).toMatchObject({ channel: 'C0OPS', thread_ts: parentTsPlaceholder });
    }
  });

  it('plans the whole detail as a file, unescaped, when ten parts cannot hold it (bot token only)', () => {
    const plan = planSlackPosts(bot, huge);
    expect(plan.posts).toHaveLength(11);
    expect(plan.file).toEqual({
      name: 'transcript.txt',
      title: 'All <hands>',
      text: 'Ana: hello there\n'.repeat(8000),
    });
    expect(planSlackPosts(webhook, huge).file).toBeUndefined();
    expect(planSlackPosts(readSlackTarget({ token: 'xoxb-1', channel: 'C1', file: false }), huge).file).toBe(
      undefined,
    );
  });

  it('names a message without a title by its event type', () => {
    const [post] = planSlackPosts(webhook, message({})).posts;
    expect(post?.body.text).toBe('transcript.completed');
  });
});

describe('previewSlackPosts', () => {
  it('shows a webhook post with the URL redacted, never the secret webhook URL', () => {
    const plan = planSlackPosts(webhook, long);
    const preview = previewSlackPosts(webhook, plan);
    expect(preview).toHaveLength(plan.posts.length);
    expect(preview[0]).toEqual({
      method: 'POST',
      url: '<redacted slack webhook>',
      body: plan.posts[0]?.body,
    });
    expect(JSON.stringify(preview)).not.toContain('s3cretWebhookPart');
  });

  it('shows bot posts going to chat.postMessage with the exact bodies, and which reply to the first', () => {
    const plan = planSlackPosts(bot, long);
    const preview = previewSlackPosts(bot, plan);
    expect(preview[0]).toEqual({
      method: 'POST',
      url: 'https://slack.test/api/chat.postMessage',
      body: plan.posts[0]?.body,
    });
    for (const [i, shown] of preview.slice(1).entries()) {
      expect(shown).toEqual({
        method: 'POST',
        url: 'https://slack.test/api/chat.postMessage',
        body: plan.posts[i + 1]?.body,
        replyTo: 'first message',
      });
    }
    expect(JSON.stringify(preview)).not.toContain('xoxb-1-2-s3cret');
  });

  it('shows the three steps of the file upload after the posts, with the file’s size instead of its bytes', () => {
    const preview = previewSlackPosts(bot, planSlackPosts(bot, huge));
    expect(preview).toHaveLength(14);
    const bytes = Buffer.byteLength('Ana: hello there\n'.repeat(8000));
    expect(preview.slice(11)).toEqual([
      {
        method: 'POST',
        url: 'https://slack.test/api/files.getUploadURLExternal',
        body: { filename: 'transcript.txt', length: bytes },
      },
      {
        method: 'POST',
        url: '<upload_url from Slack>',
        body: `<the whole detail as text/plain, ${bytes} bytes>`,
      },
      {
        method: 'POST',
        url: 'https://slack.test/api/files.completeUploadExternal',
        body: {
          files: [{ id: '<file_id from Slack>', title: 'All <hands>' }],
          channel_id: '<channel ID of the first message>',
          thread_ts: parentTsPlaceholder,
        },
      },
    ]);
  });
});
