/**
 * Event type patterns in routes: exact (`transcript.completed`) or a glob where `*` matches within one
 * dot-separated segment and `**` (or a lone `*`) matches anything (`transcript.*`, `*`).
 */
export function compileEventPattern(pattern: string): (type: string) => boolean {
  if (pattern === '*' || pattern === '**') return () => true;
  if (!pattern.includes('*')) return (type) => type === pattern;
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^.]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const regex = new RegExp(`^${source}$`);
  return (type) => regex.test(type);
}
