export const redactionMask = '[redacted]';

/**
 * Secrets this long are masked wherever they appear, even glued to other text (a receiver may echo one inside a
 * longer token); no word contains one by chance. Shorter ones (a user name such as `user`) only as whole tokens.
 */
const maskAnywhereFrom = 16;
/** Characters that continue a token: `user` in `user-agent` or `username` is part of another word. */
const tokenChar = /[\p{L}\p{N}_-]/u;

/**
 * Removes every known secret from a text that may be logged or stored, longest first so none is half-masked.
 * Secrets are matched as exact text (never as patterns); a short one only where it stands as a whole token.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const ordered = [...new Set(secrets)].filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
  return ordered.reduce((result, secret) => maskSecret(result, secret), text);
}

function maskSecret(text: string, secret: string): string {
  const anywhere = secret.length >= maskAnywhereFrom;
  let out = '';
  let from = 0;
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
    if (at < from) continue;
    const end = at + secret.length;
    if (!anywhere && !standsAlone(text, at, end, secret)) continue;
    out += text.slice(from, at) + redactionMask;
    from = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** True when the secret is not part of a longer token at either of its ends. */
function standsAlone(text: string, start: number, end: number, secret: string): boolean {
  const joinsBefore =
    isTokenChar(firstChar(secret)) && isTokenChar(lastChar(text.slice(Math.max(0, start - 2), start)));
  const joinsAfter = isTokenChar(lastChar(secret)) && isTokenChar(firstChar(text.slice(end, end + 2)));
  return !joinsBefore && !joinsAfter;
}

/** The first whole character (a surrogate pair counts as one). */
function firstChar(text: string): string {
  const code = text.codePointAt(0);
  return code === undefined ? '' : String.fromCodePoint(code);
}

function lastChar(text: string): string {
  const low = text.charCodeAt(text.length - 1);
  const pair = low >= 0xdc00 && low <= 0xdfff && text.length >= 2;
  return text.slice(pair ? -2 : -1);
}

function isTokenChar(char: string): boolean {
  return char !== '' && tokenChar.test(char);
}
