import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/package-root.js';
import { referenceSections, undocumentedKeys, withReference } from './config-reference.js';
import { generatedTypeFiles } from './config-types.js';

/** `npm run docs`: writes the configuration reference into README.md and the config types from the schemas. */
const missing = referenceSections().flatMap((section) =>
  undocumentedKeys(section.rows).map((key) => `${section.title} ${key}`),
);
if (missing.length > 0) {
  process.stderr.write(`keys without a description or default in the schemas:\n${missing.join('\n')}\n`);
  process.exitCode = 1;
}
const file = join(packageRoot, 'README.md');
const before = readFileSync(file, 'utf8');
const after = await withReference(before);
writeFileSync(file, after);
process.stdout.write(
  before === after ? 'README.md is up to date\n' : 'README.md: configuration reference rewritten\n',
);
for (const generated of await generatedTypeFiles()) {
  const path = join(packageRoot, generated.path);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === generated.text) continue;
  writeFileSync(path, generated.text);
  process.stdout.write(`${generated.path}: rewritten from its schema\n`);
}
