import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../../src/targets/shared/redact-secrets.js';

describe('redactSecrets', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redactSecrets('535 auth failed for mailer:hunter2 (hunter2)', ['hunter2', 'mailer'])).toBe(
      '535 auth failed for [redacted]:[redacted] ([redacted])',
    );
  });

  it('masks the longest secret first, so a secret inside another leaves nothing of the longer one', () => {
    const url = 'smtp://mailer:pa55@smtp.example.com';
    expect(redactSecrets(`cannot connect to ${url}`, ['pa55', url])).toBe('cannot connect to [redacted]');
  });

  it('ignores empty secrets and leaves text without secrets as it is', () => {
    expect(redactSecrets('connection refused', ['', 'hunter2'])).toBe('connection refused');
  });

  it('treats secrets as text, not patterns', () => {
    expect(redactSecrets('pass a.b*c and abbbc', ['a.b*c'])).toBe('pass [redacted] and abbbc');
  });

  it('does not reorder the caller’s list', () => {
    const secrets = ['a', 'bbb', 'cc'];
    redactSecrets('abbbcc', secrets);
    expect(secrets).toEqual(['a', 'bbb', 'cc']);
  });
});

describe('redactSecrets: exact values, not parts of words', () => {
  it('leaves a word that merely contains a short secret alone', () => {
    expect(redactSecrets('bad user-agent for username user', ['user'])).toBe(
      'bad user-agent for username [redacted]',
    );
  });

  it('masks a short secret between punctuation, quotes, URL delimiters and at a sentence end', () => {
    expect(redactSecrets('smtp://user:hunter2@x "hunter2" (hunter2). hunter2', ['user', 'hunter2'])).toBe(
      'smtp://[redacted]:[redacted]@x "[redacted]" ([redacted]). [redacted]',
    );
  });

  it('masks a long secret wherever it appears, even glued to other text', () => {
    const key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    expect(redactSecrets(`token=Bearer${key}xyz`, [key])).toBe('token=Bearer[redacted]xyz');
  });

  it('compares letters beyond ASCII as word characters', () => {
    expect(redactSecrets('bäru bär', ['bär'])).toBe('bäru [redacted]');
  });
});
