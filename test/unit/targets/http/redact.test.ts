import { describe, expect, it } from 'vitest';
import { parseUrl, redactSecrets, redactUrl } from '../../../../src/targets/http/redact.js';

describe('redactUrl', () => {
  it('leaves a URL without credentials as it is (normalised)', () => {
    expect(redactUrl('https://api.example.com/hooks?x=1#top')).toBe('https://api.example.com/hooks?x=1#top');
    expect(redactUrl('HTTPS://API.example.com')).toBe('https://api.example.com/');
  });

  it('masks a user name and password, keeping host, port, path, query and fragment', () => {
    expect(redactUrl('https://bot:s3cret@api.example.com:8443/hooks?x=1#top')).toBe(
      'https://[redacted]@api.example.com:8443/hooks?x=1#top',
    );
  });

  it('masks a user name alone and a password alone', () => {
    expect(redactUrl('https://token123@api.example.com/')).toBe('https://[redacted]@api.example.com/');
    expect(redactUrl('https://:s3cret@api.example.com/')).toBe('https://[redacted]@api.example.com/');
  });

  it('masks the whole of something that is not a URL, which may hold a secret', () => {
    expect(redactUrl('https://bot:s3cret@')).toBe('[redacted]');
    expect(redactUrl('not a url s3cret')).toBe('[redacted]');
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence of each secret, longest first', () => {
    expect(
      redactSecrets('401 from https://bot:s3cret@x.test with header s3cret', [
        's3cret',
        'https://bot:s3cret@x.test',
      ]),
    ).toBe('401 from [redacted] with header [redacted]');
  });

  it('ignores empty secrets', () => {
    expect(redactSecrets('timeout', [''])).toBe('timeout');
  });
});

describe('parseUrl', () => {
  it('gives a URL for a valid one and undefined otherwise', () => {
    expect(parseUrl('http://x.test/a')?.pathname).toBe('/a');
    expect(parseUrl('::nope')).toBeUndefined();
  });
});
