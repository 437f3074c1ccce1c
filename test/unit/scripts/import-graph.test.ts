import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/package-root.js';
import { folderCycles, folderImports, isAllowed } from '../../../scripts/import-graph.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'import-graph-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('folderImports and folderCycles', () => {
  it('finds a pair of folders that import each other, through static, type and dynamic imports', () => {
    const root = tree({
      'a/one.ts': "import type { B } from '../b/two.js';\nexport type A = B;\n",
      'b/two.ts': "export type B = string;\nexport const load = () => import('../a/one.js');\n",
      'c/three.ts': "export { load } from '../b/two.js';\n",
    });
    const edges = folderImports(root);
    expect([...edges.keys()].sort()).toEqual(['a -> b', 'b -> a', 'c -> b']);
    expect(folderCycles(edges)).toEqual([['a', 'b']]);
  });

  it('treats each file directly in src/ as its own node, and ignores imports inside one folder', () => {
    const root = tree({
      'types.ts': 'export type T = number;\n',
      'top.ts': "import { x } from './a/one.js';\nexport const y = x;\n",
      'a/one.ts':
        "import type { T } from '../types.js';\nimport { z } from './two.js';\nexport const x: T = z;\n",
      'a/two.ts': 'export const z = 1;\n',
    });
    const edges = folderImports(root);
    expect([...edges.keys()].sort()).toEqual(['a -> types.ts', 'top.ts -> a']);
    expect(folderCycles(edges)).toEqual([]);
  });
});

describe('src/', () => {
  it('has no folder pair importing each other, beyond the documented allow-list', () => {
    const cycles = folderCycles(folderImports(join(packageRoot, 'src')));
    expect(cycles.filter((pair) => !isAllowed(pair))).toEqual([]);
  });
});
