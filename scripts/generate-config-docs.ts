import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/package-root.js';
import { referenceSections, undocumentedKeys, withReference } from './config-reference.js';

/** `npm run docs`: writes the configuration reference into README.md from the schemas. */
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
