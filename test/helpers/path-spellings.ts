/**
 * Other ways to write `path` (e.g. /admin/events/x) that some component might read as the same route: letter
 * case, doubled or encoded slashes, dot segments, encoded letters, a trailing slash, a backslash, the absolute
 * form. `caseOnly` are canonical paths that differ only in letter case: the guard itself must refuse them.
 */
export function pathSpellings(path: string): { readonly caseOnly: string[]; readonly ambiguous: string[] } {
  const [, first = '', ...rest] = path.split('/');
  const tail = rest.length > 0 ? `/${rest.join('/')}` : '';
  const capital = `${first.charAt(0).toUpperCase()}${first.slice(1)}`;
  const caseOnly = [
    path.toUpperCase(),
    `/${first.toUpperCase()}${tail}`,
    `/${capital}${tail}`,
    `/${first.replace(/[a-z]$/, (c) => c.toUpperCase())}${tail}`,
  ];
  const ambiguous = [
    `/${path}`,
    `${path}/`,
    `/${first}/${tail}`,
    `/${first}%2F${tail.slice(1)}`,
    `/${first}%2f${tail.slice(1)}`,
    `%2F${first}${tail}`,
    `/${first}/.${tail}`,
    `/x/..${path}`,
    `/x/%2e%2e${path}`,
    `/X/%2E%2E/${first.toUpperCase()}${tail}`,
    `${path}/.`,
    `${path}/x/..`,
    `/%${first.charCodeAt(0).toString(16)}${first.slice(1)}${tail}`,
    `/%${capital.charCodeAt(0).toString(16).toUpperCase()}${first.slice(1)}${tail}`,
    `/${first}\\${tail.slice(1)}`,
    `/${first}%5C${tail.slice(1)}`,
    `//${first.toUpperCase()}${tail}`,
  ];
  return { caseOnly: [...new Set(caseOnly.filter((s) => s !== path))], ambiguous };
}
