import { describe, expect, it } from 'vitest';
import { parseUrl, redactUrl, secretsOfUrl } from '../../../../src/targets/shared/redact-url.js';

describe('redactUrl', () => {
  it('leaves a URL without credentials or query as it is (normalised)', () => {
    expect(redactUrl('https://api.example.com/hooks#top')).toBe('https://api.example.com/hooks#top');
    expect(redactUrl('HTTPS://API.example.com')).toBe('https://api.example.com/');
  });

  it('masks a user name and password, keeping host, port, path and fragment', () => {
    expect(redactUrl('https://bot:s3cret@api.example.com:8443/hooks#top')).toBe(
      'https://[redacted]@api.example.com:8443/hooks#top',
    );
  });

  it('masks a user name alone and a password alone', () => {
    expect(redactUrl('https://token123@api.example.com/')).toBe('https://[redacted]@api.example.com/');
    expect(redactUrl('https://:s3cret@api.example.com/')).toBe('https://[redacted]@api.example.com/');
  });

  it('masks the value of every query parameter and keeps the names', () => {
    expect(redactUrl('https://crm.example.com/in?api_key=k3y-4711&team=ops&flag')).toBe(
      'https://crm.example.com/in?api_key=[redacted]&team=[redacted]&flag',
    );
  });

  it('shows the parameters named as not secret, encoded', () => {
    expect(redactUrl('https://x.test/in?api_key=k3y&event=a+b%26c', new Set(['event']))).toBe(
      'https://x.test/in?api_key=[redacted]&event=a+b%26c',
    );
  });

  it('masks the whole of something that is not a URL, which may hold a secret', () => {
    expect(redactUrl('https://bot:s3cret@')).toBe('[redacted]');
    expect(redactUrl('not a url s3cret')).toBe('[redacted]');
  });
});

describe('secretsOfUrl', () => {
  it('lists credentials and query values as written and decoded, skipping short flags', () => {
    expect(secretsOfUrl('https://bot:p%40ss@x.test/in?api_key=k3y%2B4711&v=2&on')).toEqual([
      'bot',
      'p%40ss',
      'p@ss',
      'k3y%2B4711',
      'k3y+4711',
    ]);
  });

  it('treats an unreadable URL as a secret as a whole', () => {
    expect(secretsOfUrl('::nope')).toEqual(['::nope']);
  });
});

describe('parseUrl', () => {
  it('gives a URL for a valid one and undefined otherwise', () => {
    expect(parseUrl('http://x.test/a')?.pathname).toBe('/a');
    expect(parseUrl('::nope')).toBeUndefined();
  });
});
