/** Where and how to reach an SMTP server, as read from `url` or from `host`/`port`/`secure`/`auth`. */
export interface SmtpServer {
  readonly host: string;
  readonly port: number | undefined;
  /** Implicit TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly auth: { readonly user: string; readonly pass: string } | undefined;
}

/**
 * Reads `smtp://user:pass@host:port` or `smtps://…`, percent-decoding the credentials. Parsed here rather than
 * by nodemailer so the credentials are known (and kept out of error messages) and IPv6 hosts lose their brackets.
 */
export function parseSmtpUrl(url: string): SmtpServer {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('the SMTP url is not a valid URL');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new TypeError('the SMTP url must start with smtp:// or smtps://');
  }
  const user = decode(parsed.username);
  const pass = decode(parsed.password);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? undefined : Number(parsed.port),
    secure: parsed.protocol === 'smtps:',
    auth: user !== '' || pass !== '' ? { user, pass } : undefined,
  };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
