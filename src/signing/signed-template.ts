/**
 * What an HMAC signs, written as a template over the request: `{body}` (the raw bytes), `{timestamp}` (as the
 * sender wrote it), `{header.<name>}`, `{method}` and `{url}`, e.g. Slack's `v0:{timestamp}:{body}`. Compiled
 * once; the parts are fed to the HMAC one by one, so a large body is never copied into a new buffer.
 */
export type SignedPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'body' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'method' }
  | { readonly kind: 'url' }
  | { readonly kind: 'header'; readonly name: string };

export type CompiledTemplate =
  { readonly parts: readonly SignedPart[]; readonly problem?: undefined } | { readonly problem: string };

const placeholder = /\{([^{}]*)\}/g;

export function compileSignedTemplate(template: string): CompiledTemplate {
  const parts: SignedPart[] = [];
  let last = 0;
  let bodies = 0;
  for (const match of template.matchAll(placeholder)) {
    if (match.index > last) parts.push({ kind: 'text', text: template.slice(last, match.index) });
    last = match.index + match[0].length;
    const name = match[1] ?? '';
    if (name === 'body' || name === 'timestamp' || name === 'method' || name === 'url') {
      parts.push({ kind: name });
      if (name === 'body') bodies++;
    } else if (/^header\.[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      parts.push({ kind: 'header', name: name.slice('header.'.length).toLowerCase() });
    } else {
      return {
        problem: `"{${name}}" is not a placeholder of a signed string (use {body}, {timestamp}, {header.<name>}, {method} or {url})`,
      };
    }
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) });
  if (bodies !== 1) return { problem: 'the signed string must contain {body} exactly once' };
  return { parts };
}

export function templateUses(parts: readonly SignedPart[], kind: SignedPart['kind']): boolean {
  return parts.some((part) => part.kind === kind);
}
