import { describe, expect, it } from 'vitest';
import type { SlackPlan } from '../../../../src/targets/slack/plan-slack-posts.js';
import { fingerprintOf, resumeFrom } from '../../../../src/targets/slack/slack-progress.js';

const plan: SlackPlan = { posts: [{ body: { text: 'a' }, threadReply: false }], file: undefined };

describe('fingerprintOf', () => {
  it('changes with the posts and with the file, not with anything else', () => {
    const same: SlackPlan = { posts: [{ body: { text: 'a' }, threadReply: false }], file: undefined };
    expect(fingerprintOf(same)).toBe(fingerprintOf(plan));
    expect(fingerprintOf({ ...plan, posts: [{ body: { text: 'b' }, threadReply: false }] })).not.toBe(
      fingerprintOf(plan),
    );
    const withFile = { ...plan, file: { name: 'transcript.txt', title: 'T', text: 'x'.repeat(10) } };
    expect(fingerprintOf(withFile)).not.toBe(fingerprintOf(plan));
    expect(fingerprintOf({ ...withFile, file: { ...withFile.file, text: 'y'.repeat(11) } })).not.toBe(
      fingerprintOf(withFile),
    );
  });
});

describe('resumeFrom', () => {
  it('continues from saved progress of the same plan', () => {
    expect(resumeFrom({ plan: 'p1', posted: 3, threadTs: '1.2', channel: 'C1' }, 'p1')).toEqual({
      plan: 'p1',
      posted: 3,
      threadTs: '1.2',
      channel: 'C1',
    });
  });

  it('starts over for another plan (the config changed), nothing saved, or something unreadable', () => {
    expect(resumeFrom({ plan: 'p0', posted: 3 }, 'p1')).toEqual({ plan: 'p1', posted: 0 });
    expect(resumeFrom(undefined, 'p1')).toEqual({ plan: 'p1', posted: 0 });
    expect(resumeFrom(['p1'], 'p1')).toEqual({ plan: 'p1', posted: 0 });
    expect(resumeFrom({ plan: 'p1', posted: -2, threadTs: 7 }, 'p1')).toEqual({ plan: 'p1', posted: 0 });
  });
});
