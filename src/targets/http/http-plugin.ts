import { signProblems, type SignConfig } from '../../signing/sign-config.js';
import type { TargetPlugin } from '../target.js';
import { createHttpTarget } from './create-http-target.js';
import { httpTargetSchema } from './http-target-schema.js';

/**
 * `type: http`: POSTs (or PUTs/PATCHes) each event to a fixed URL, optionally signed so the receiver can verify
 * it. The body is the received body unchanged, unless the route gives a `body` template (values JSON-escaped).
 */
export const httpPlugin: TargetPlugin = {
  type: 'http',
  schema: httpTargetSchema,
  fields: { body: 'json' },
  // `header.X-Name` values have CR/LF removed; `query.name` values are URL-encoded when added to the URL.
  fieldPrefixes: {
    'header.': { escaper: 'header', name: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/ },
    'query.': { escaper: 'none', name: /^[^\s&=#]+$/ },
  },
  // No default body: without a route template the received body is passed through byte for byte.
  defaultTemplates: {},
  // Checked at load with the config line: the signing secret's form (whsec_…), the HMAC settings.
  checkDefinition: (definition) =>
    definition.sign === undefined
      ? []
      : signProblems(definition.sign as unknown as SignConfig).map((problem) => ({
          path: ['sign', ...problem.path],
          message: problem.message,
        })),
  create: createHttpTarget,
};
