import type { SchemeName } from '../../../src/signing/scheme-registry.js';
import type { SchemeOptions } from '../../../src/signing/scheme-options.js';

/** One preset as the preset tests exercise it: a valid secret, another valid one, and how its requests look. */
export interface PresetCase {
  readonly name: SchemeName;
  readonly secret: string;
  readonly otherSecret: string;
  readonly options?: SchemeOptions;
  /** Its default tolerance, for presets whose requests carry a timestamp. */
  readonly toleranceMs?: number;
  /** Token schemes authenticate the sender only: the body is not signed. */
  readonly signsBody: boolean;
  readonly form?: boolean;
}

export const presetCases: readonly PresetCase[] = [
  { name: 'connect-it', secret: 'cit_secret_1', otherSecret: 'cit_secret_2', signsBody: true },
  { name: 'github', secret: 'gh-secret', otherSecret: 'gh-other', signsBody: true },
  { name: 'gitlab', secret: 'glpat-token-1', otherSecret: 'glpat-token-2', signsBody: false },
  {
    name: 'stripe',
    secret: 'whsec_stripe_secret_1',
    otherSecret: 'whsec_stripe_secret_2',
    toleranceMs: 300_000,
    signsBody: true,
  },
  {
    name: 'slack',
    secret: '8f742231b10e8888abcd99yyyzzz85a5',
    otherSecret: '00000000000000000000000000000000',
    toleranceMs: 300_000,
    signsBody: true,
  },
  { name: 'shopify', secret: 'shpss_secret_1', otherSecret: 'shpss_secret_2', signsBody: true },
  {
    name: 'standard-webhooks',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    otherSecret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    toleranceMs: 300_000,
    signsBody: true,
  },
  {
    name: 'svix',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    otherSecret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    toleranceMs: 300_000,
    signsBody: true,
  },
  { name: 'linear', secret: 'lin_wh_1', otherSecret: 'lin_wh_2', toleranceMs: 60_000, signsBody: true },
  {
    name: 'zoom',
    secret: 'zoom-token-1',
    otherSecret: 'zoom-token-2',
    toleranceMs: 300_000,
    signsBody: true,
  },
  {
    name: 'paddle',
    secret: 'pdl_ntfset_1',
    otherSecret: 'pdl_ntfset_2',
    toleranceMs: 5_000,
    signsBody: true,
  },
  { name: 'typeform', secret: 'tf-secret-1', otherSecret: 'tf-secret-2', signsBody: true },
  { name: 'twilio', secret: 'twilio-token-1', otherSecret: 'twilio-token-2', signsBody: true, form: true },
  {
    name: 'hmac',
    secret: 'acme-secret-1',
    otherSecret: 'acme-secret-2',
    options: {
      header: 'x-acme-signature',
      encoding: 'base64',
      prefix: 'sha256=',
      signed: '{timestamp}.{body}',
      timestamp: { header: 'x-acme-time' },
    },
    toleranceMs: 300_000,
    signsBody: true,
  },
  { name: 'bearer', secret: 'tok_abc123', otherSecret: 'tok_def456', signsBody: false },
  { name: 'basic', secret: 'hookgate:s3cret', otherSecret: 'hookgate:other', signsBody: false },
];
