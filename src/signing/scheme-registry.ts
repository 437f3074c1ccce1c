import { createConnectItScheme } from './connect-it-scheme.js';
import { createHmacScheme } from './hmac-scheme.js';
import { hmacPresets, withTolerance } from './hmac-presets.js';
import {
  hmacOptionKeys,
  hmacSpecFromOptions,
  type SchemeOptions,
  type SchemeProblem,
} from './scheme-options.js';
import type { SignatureScheme } from './signature-scheme.js';
import { createStandardWebhooksScheme } from './standard-webhooks-scheme.js';
import { createTokenScheme } from './token-scheme.js';
import { createTwilioScheme } from './twilio-scheme.js';

/**
 * Every signature scheme by name: the provider presets, then the generic `hmac`, `bearer` and `basic` for
 * in-house senders. Adding a preset is a line here (and, for an HMAC one, an entry in `hmac-presets.ts`).
 */
export const schemeNames = [
  'connect-it',
  'github',
  'gitlab',
  'stripe',
  'slack',
  'shopify',
  'standard-webhooks',
  'svix',
  'linear',
  'zoom',
  'paddle',
  'typeform',
  'twilio',
  'hmac',
  'bearer',
  'basic',
] as const;

export type SchemeName = (typeof schemeNames)[number];

/** Schemes whose requests carry a timestamp, so `tolerance` means something for them. */
export const timedSchemes: ReadonlySet<string> = new Set([
  'stripe',
  'slack',
  'standard-webhooks',
  'svix',
  'linear',
  'zoom',
  'paddle',
  'hmac',
]);

/** Every header a preset carries its signature or credential in (the generic hmac's header is configured). */
export function presetSignatureHeaders(): string[] {
  const headers = schemeNames
    .filter((name): name is Exclude<SchemeName, 'hmac'> => name !== 'hmac')
    .flatMap((name) => createPreset(name, undefined).signatureHeaders);
  return [...new Set(headers)].sort();
}

export function isSchemeName(name: string): name is SchemeName {
  return (schemeNames as readonly string[]).includes(name);
}

export type SchemeResult =
  | { readonly scheme: SignatureScheme; readonly problems?: undefined }
  | { readonly scheme?: undefined; readonly problems: readonly SchemeProblem[] };

/** Builds the named scheme with its settings, or says what is wrong with them (paths inside the block). */
export function createScheme(name: SchemeName, options: SchemeOptions): SchemeResult {
  const problems = optionProblems(name, options);
  if (problems.length > 0) return { problems };
  if (name === 'hmac') {
    const spec = hmacSpecFromOptions(options);
    return Array.isArray(spec) ? { problems: spec } : { scheme: createHmacScheme(spec) };
  }
  return { scheme: createPreset(name, options.toleranceMs) };
}

function optionProblems(name: SchemeName, options: SchemeOptions): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  if (name !== 'hmac') {
    for (const key of hmacOptionKeys.filter((k) => options[k] !== undefined)) {
      problems.push({
        path: [key],
        message: `"${key}" belongs to scheme hmac; preset ${name} fixes how it signs`,
      });
    }
  }
  if (options.toleranceMs !== undefined && !timedSchemes.has(name)) {
    problems.push({
      path: ['tolerance'],
      message: `${name} requests carry no timestamp, so "tolerance" does not apply`,
    });
  } else if (options.toleranceMs !== undefined && options.toleranceMs < 1000) {
    problems.push({ path: ['tolerance'], message: 'tolerance must be at least 1s' });
  }
  return problems;
}

function createPreset(name: Exclude<SchemeName, 'hmac'>, toleranceMs: number | undefined): SignatureScheme {
  switch (name) {
    case 'connect-it':
      return createConnectItScheme();
    case 'standard-webhooks':
    case 'svix':
      return createStandardWebhooksScheme(name, toleranceMs);
    case 'gitlab':
    case 'bearer':
    case 'basic':
      return createTokenScheme(name);
    case 'twilio':
      return createTwilioScheme();
    default: {
      const spec = hmacPresets[name];
      if (!spec) throw new Error(`scheme ${name} has no definition`);
      return createHmacScheme(withTolerance(spec, toleranceMs));
    }
  }
}
