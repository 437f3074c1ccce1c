import type { JsonObject } from '../types.js';
import { hmacOptionKeys, type SchemeOptions, type SchemeProblem } from './scheme-options.js';
import { createScheme, isSchemeName, schemeNames, type SchemeName } from './scheme-registry.js';
import type { Signer } from './signature-scheme.js';

/**
 * An outbound `sign:` block (an http target's): `{ scheme, secret }`, plus the HMAC settings for scheme `hmac`.
 * The same registry as `verify:`, so a downstream verifying with that scheme accepts what is sent.
 */
export interface SignConfig {
  readonly scheme: string;
  readonly secret: string;
  readonly algorithm?: string;
  readonly header?: string;
  readonly encoding?: string;
  readonly prefix?: string;
  readonly signed?: string;
  readonly timestamp?: { readonly header: string; readonly unit?: string };
}

const headerName = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

/** The JSON Schema of a `sign:` block (shape only; `signProblems` checks the rest). */
export const signSchema: JsonObject = {
  type: 'object',
  additionalProperties: false,
  required: ['scheme', 'secret'],
  description:
    'Sign each request as a sender does, so the receiver can verify it: `{ scheme, secret }` with any scheme of the presets table (`scheme: hmac` also takes `algorithm`, `header`, `encoding`, `prefix`, `signed`, `timestamp`).',
  defaultText: 'unsigned',
  errorMessage: 'needs a "scheme" and a "secret"; the other keys belong to scheme hmac',
  properties: {
    scheme: {
      enum: [...schemeNames],
      errorMessage: `must be one of ${schemeNames.join(', ')}`,
    },
    secret: { type: 'string', minLength: 1 },
    algorithm: { enum: ['sha1', 'sha256', 'sha512'] },
    header: { type: 'string', pattern: headerName, errorMessage: 'must be a header name' },
    encoding: { enum: ['hex', 'base64'] },
    prefix: { type: 'string' },
    signed: { type: 'string', minLength: 1 },
    timestamp: {
      type: 'object',
      additionalProperties: false,
      required: ['header'],
      properties: {
        header: { type: 'string', pattern: headerName, errorMessage: 'must be a header name' },
        unit: { enum: ['s', 'ms'] },
      },
    },
  },
};

/** Problems with a schema-valid `sign:` block, at paths inside it; the secret is never quoted. */
export function signProblems(sign: SignConfig): SchemeProblem[] {
  if (!isSchemeName(sign.scheme)) return [{ path: ['scheme'], message: `unknown scheme "${sign.scheme}"` }];
  const result = createScheme(sign.scheme, signOptions(sign));
  if (!result.scheme) return [...result.problems];
  const problem = result.scheme.secretProblem(sign.secret, 'sign');
  return problem ? [{ path: ['secret'], message: `the ${sign.scheme} signing secret ${problem}` }] : [];
}

/** The signer of a `sign:` block that passed `signProblems`. */
export function createSigner(sign: SignConfig): Signer {
  const result = createScheme(sign.scheme as SchemeName, signOptions(sign));
  if (!result.scheme) throw new TypeError(`sign: ${result.problems[0]?.message ?? 'invalid'}`);
  return result.scheme.signer(sign.secret);
}

function signOptions(sign: SignConfig): SchemeOptions {
  const options: Record<string, unknown> = {};
  for (const key of hmacOptionKeys) if (sign[key] !== undefined) options[key] = sign[key];
  return options;
}
