import type { HmacSpec } from './hmac-scheme.js';
import { compileSignedTemplate, type SignedPart } from './signed-template.js';

/**
 * The HMAC presets as data (sources: /work/shared/REFERENCE-2.md §1 and each provider's library, named in the
 * README's presets table). Tolerances are the providers' own defaults; `verify.tolerance` replaces them.
 */
const minute = 60_000;

function signed(template: string): readonly SignedPart[] {
  const compiled = compileSignedTemplate(template);
  if (compiled.problem !== undefined) throw new Error(`preset template ${template}: ${compiled.problem}`);
  return compiled.parts;
}

const body = signed('{body}');
const plain = (prefix: string) => ({ kind: 'plain', prefix }) as const;

export const hmacPresets: Readonly<Record<string, HmacSpec>> = {
  // X-Hub-Signature-256: sha256=<hex> of the raw body; no timestamp (GitHub dedupes by X-GitHub-Delivery).
  github: {
    name: 'github',
    algorithm: 'sha256',
    header: 'x-hub-signature-256',
    encoding: 'hex',
    format: plain('sha256='),
    signed: body,
    key: 'utf8',
  },
  // X-Shopify-Hmac-Sha256: base64 of the raw body, keyed with the app's client secret.
  shopify: {
    name: 'shopify',
    algorithm: 'sha256',
    header: 'x-shopify-hmac-sha256',
    encoding: 'base64',
    format: plain(''),
    signed: body,
    key: 'utf8',
  },
  // Typeform-Signature: sha256=<base64> of the raw body.
  typeform: {
    name: 'typeform',
    algorithm: 'sha256',
    header: 'typeform-signature',
    encoding: 'base64',
    format: plain('sha256='),
    signed: body,
    key: 'utf8',
  },
  // X-Slack-Signature: v0=<hex> of `v0:{X-Slack-Request-Timestamp}:{body}`; bolt refuses stale, not future, ones.
  slack: {
    name: 'slack',
    algorithm: 'sha256',
    header: 'x-slack-signature',
    encoding: 'hex',
    format: plain('v0='),
    signed: signed('v0:{timestamp}:{body}'),
    timestamp: {
      from: [{ header: 'x-slack-request-timestamp' }],
      rule: { unit: 's', toleranceMs: 5 * minute, refuseFuture: false },
    },
    key: 'utf8',
    secretProblem: (secret) =>
      secret.startsWith('xox')
        ? 'is a Slack token, not the app’s Signing Secret (Basic Information → App Credentials)'
        : undefined,
  },
  // Zoom copies Slack's v0 design (x-zm-signature over `v0:{x-zm-request-timestamp}:{body}`); Zoom publishes
  // no tolerance, so Slack's five minutes, age only, apply.
  zoom: {
    name: 'zoom',
    algorithm: 'sha256',
    header: 'x-zm-signature',
    encoding: 'hex',
    format: plain('v0='),
    signed: signed('v0:{timestamp}:{body}'),
    timestamp: {
      from: [{ header: 'x-zm-request-timestamp' }],
      rule: { unit: 's', toleranceMs: 5 * minute, refuseFuture: false },
    },
    key: 'utf8',
  },
  // Linear-Signature: bare hex of the raw body. The SDK checks `webhookTimestamp` (ms) within 60 s either way;
  // the body field is read first because the signature covers it (the linear-timestamp header it is not).
  linear: {
    name: 'linear',
    algorithm: 'sha256',
    header: 'linear-signature',
    encoding: 'hex',
    format: plain(''),
    signed: body,
    timestamp: {
      from: [{ path: 'webhookTimestamp' }, { header: 'linear-timestamp' }],
      rule: { unit: 'ms', toleranceMs: minute, refuseFuture: true },
    },
    key: 'utf8',
  },
  // Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>] over `{t}.{body}`, keyed with the whole whsec_… string;
  // stripe-node allows 300 s of age and does not refuse future timestamps.
  stripe: {
    name: 'stripe',
    algorithm: 'sha256',
    header: 'stripe-signature',
    encoding: 'hex',
    format: { kind: 'pairs', separator: ',', timestampKey: 't', signatureKey: 'v1' },
    signed: signed('{timestamp}.{body}'),
    timestamp: {
      from: [{ inSignature: true }],
      rule: { unit: 's', toleranceMs: 5 * minute, refuseFuture: false },
    },
    key: 'utf8',
    secretProblem: (secret) =>
      secret.startsWith('whsec_')
        ? undefined
        : 'is not a Stripe endpoint signing secret (those start with "whsec_")',
  },
  // Paddle-Signature: ts=<unix>;h1=<hex> over `{ts}:{body}`; the SDK allows 5 s of age, none for the future.
  paddle: {
    name: 'paddle',
    algorithm: 'sha256',
    header: 'paddle-signature',
    encoding: 'hex',
    format: { kind: 'pairs', separator: ';', timestampKey: 'ts', signatureKey: 'h1' },
    signed: signed('{timestamp}:{body}'),
    timestamp: {
      from: [{ inSignature: true }],
      rule: { unit: 's', toleranceMs: 5_000, refuseFuture: false },
    },
    key: 'utf8',
  },
};

/** A preset with its tolerance replaced by `verify.tolerance`. */
export function withTolerance(spec: HmacSpec, toleranceMs: number | undefined): HmacSpec {
  if (toleranceMs === undefined || !spec.timestamp) return spec;
  return { ...spec, timestamp: { ...spec.timestamp, rule: { ...spec.timestamp.rule, toleranceMs } } };
}
