import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultsOf, generatedTypeFiles } from '../../../scripts/config-types.js';
import { repoRoot } from '../../helpers/test-gateway.js';

describe('the config types generated from the schemas', () => {
  it('are what the schemas say (run `npm run docs` after changing a schema)', async () => {
    const files = await generatedTypeFiles();
    expect(files.map((file) => file.path)).toContain('src/config/gateway-file.ts');
    for (const file of files)
      expect(readFileSync(join(repoRoot, file.path), 'utf8'), file.path).toBe(file.text);
  });

  it('collect the defaults of nested objects and of $ref properties, and leave out keys without one', () => {
    const root = { definitions: { duration: { type: 'string' } } };
    const schema = {
      properties: {
        port: { type: 'integer', default: 3221 },
        adminPort: { type: 'integer' },
        window: { $ref: '#/definitions/duration', default: '24h' },
        pace: { type: 'object', properties: { perSecond: { default: 1 }, burst: { type: 'integer' } } },
        empty: { type: 'object', properties: { a: { type: 'string' } } },
      },
    };
    expect(defaultsOf(schema, root)).toEqual({ port: 3221, window: '24h', pace: { perSecond: 1 } });
  });
});
