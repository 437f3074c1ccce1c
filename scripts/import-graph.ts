import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Prints the import graph between the folders of src/ and fails on any pair of folders that import
 * each other: layers import downward only (issue 12). A file directly in src/ is a node of its own (named
 * with its .ts ending), since src/ holds both the bottom (types.ts, errors.ts) and the top (gateway.ts, main.ts).
 */

/**
 * Cycles tolerated for a while, each with the reason why; empty since the queue's intake interface moved into
 * store/ and the clock to src/ (the last pair, store<->queue).
 */
export const allowedCycles: readonly (readonly [string, string])[] = [];

const importPattern = /(?:^|\n)\s*(?:import|export)\s[^;'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;
const dynamicPattern = /import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function folderOf(srcRoot: string, file: string): string {
  const parts = relative(srcRoot, file).split(sep);
  return (parts[0] ?? '').replace(/\.js$/, '.ts');
}

/** Every folder-to-folder edge in `srcRoot`, as "from -> to", each with the files that make it. */
export function folderImports(srcRoot: string): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles(srcRoot)) {
    const text = readFileSync(file, 'utf8');
    const from = folderOf(srcRoot, file);
    for (const match of [...text.matchAll(importPattern), ...text.matchAll(dynamicPattern)]) {
      const specifier = match[1];
      if (specifier === undefined) continue;
      const target = resolve(dirname(file), specifier);
      if (!target.startsWith(srcRoot + sep)) continue;
      const to = folderOf(srcRoot, target);
      if (to === from) continue;
      const key = `${from} -> ${to}`;
      const files = edges.get(key) ?? new Set<string>();
      files.add(relative(srcRoot, file));
      edges.set(key, files);
    }
  }
  return edges;
}

/** Folder pairs that import each other, sorted, as [a, b] with a < b. */
export function folderCycles(edges: Map<string, Set<string>>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const key of edges.keys()) {
    const [from = '', to = ''] = key.split(' -> ');
    if (from < to && edges.has(`${to} -> ${from}`)) pairs.push([from, to]);
  }
  return pairs.sort((a, b) => a.join().localeCompare(b.join()));
}

export function isAllowed(pair: readonly [string, string]): boolean {
  return allowedCycles.some(([a, b]) => a === pair[0] && b === pair[1]);
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const srcRoot = resolve(process.argv[2] ?? 'src');
  const edges = folderImports(srcRoot);
  for (const key of [...edges.keys()].sort()) process.stdout.write(`${key} (${edges.get(key)?.size ?? 0})\n`);
  const cycles = folderCycles(edges);
  for (const pair of cycles) {
    process.stdout.write(`cycle: ${pair.join(' <-> ')}${isAllowed(pair) ? ' (allowed)' : ''}\n`);
  }
  if (cycles.some((pair) => !isAllowed(pair))) process.exitCode = 1;
}
