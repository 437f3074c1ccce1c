import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readGatewaySchema,
  referenceSections,
  renderReference,
  undocumentedKeys,
  withReference,
} from '../../../scripts/config-reference.js';
import type { JsonObject } from '../../../src/types.js';
import { repoRoot } from '../../helpers/test-gateway.js';

describe('the README configuration reference', () => {
  it('is what the schemas say (run `npm run docs` after changing a schema)', async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(await withReference(readme)).toBe(readme);
  });

  it('documents every key of every schema with a description and a default (or says it is required)', () => {
    const missing = referenceSections().flatMap((section) =>
      undocumentedKeys(section.rows).map((key) => `${section.title} ${key}`),
    );
    expect(missing).toEqual([]);
  });

  it('covers the keys new users missed', () => {
    const reference = renderReference();
    for (const key of [
      'dedupe.skip',
      'verify.tolerance',
      'body',
      'contentType',
      'apiUrl',
      'timeoutMs',
      'requireTLS',
      'ignoreTLS',
      'pool',
    ])
      expect(reference).toContain(`| \`${key}\` |`);
  });

  it('follows a schema change, and flags a key left undocumented', () => {
    const schema = readGatewaySchema();
    const server = (schema.properties as JsonObject).server as { properties: JsonObject };
    server.properties.newKnob = { type: 'integer' };
    const [serverSection] = referenceSections(schema);
    expect(undocumentedKeys(serverSection!.rows)).toEqual(['newKnob']);
    server.properties.newKnob = { type: 'integer', description: 'Turns the new knob.', default: 3 };
    expect(renderReference(referenceSections(schema))).toContain('| `newKnob` | `3` | Turns the new knob. |');
  });
});
