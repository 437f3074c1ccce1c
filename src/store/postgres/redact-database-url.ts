/**
 * A connection URL fit for a log line or an error message: the password replaced by `***`. Text that is not a
 * URL is not shown at all, since it might be a password itself.
 */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(not a URL)';
  }
  if (parsed.password !== '') parsed.password = '***';
  parsed.searchParams.forEach((_, key) => {
    if (/pass|secret|key/i.test(key)) parsed.searchParams.set(key, '***');
  });
  return parsed.toString();
}
