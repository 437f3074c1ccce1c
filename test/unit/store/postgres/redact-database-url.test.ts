import { describe, expect, it } from 'vitest';
import { redactDatabaseUrl } from '../../../../src/store/postgres/redact-database-url.js';

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps what locates the server', () => {
    const shown = redactDatabaseUrl('postgres://hookgate:s3cr3t-pw@db.internal:5433/hooks');
    expect(shown).toBe('postgres://hookgate:***@db.internal:5433/hooks');
    expect(shown).not.toContain('s3cr3t');
  });

  it('hides a password given as a query parameter, and shows nothing of text that is not a URL', () => {
    expect(redactDatabaseUrl('postgres://db/hooks?password=s3cr3t&sslmode=require')).toBe(
      'postgres://db/hooks?password=***&sslmode=require',
    );
    expect(redactDatabaseUrl('s3cr3t')).toBe('(not a URL)');
  });
});
