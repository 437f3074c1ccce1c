import type { VerificationScheme } from './verification-scheme.js';
import { connectItScheme } from './connect-it-scheme.js';
import { githubScheme } from './github-scheme.js';
import { standardWebhooksScheme } from './standard-webhooks-scheme.js';

/** The registry of inbound verification schemes, keyed by `verify.scheme` in gateway.yaml. */
export const verificationSchemes: ReadonlyMap<string, VerificationScheme> = new Map(
  [connectItScheme, githubScheme, standardWebhooksScheme].map((scheme) => [scheme.name, scheme]),
);
