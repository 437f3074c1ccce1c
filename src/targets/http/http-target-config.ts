import { createSigner, type SignConfig } from '../../signing/sign-config.js';
import type { SchemeName } from '../../signing/scheme-registry.js';
import type { Signer } from '../../signing/signature-scheme.js';
import type { JsonObject } from '../../types.js';
import { secretsOfUrl } from '../shared/redact-url.js';

export type HttpMethod = 'POST' | 'PUT' | 'PATCH';

/** `auto`: the route's `body` template when it gives one, else the received body unchanged. */
export type BodyMode = 'template' | 'passthrough' | 'auto';

/** An http target's definition, read once with its defaults filled in. */
export interface HttpTargetConfig {
  readonly url: string;
  readonly method: HttpMethod;
  /** Static headers from the definition, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyMode: BodyMode;
  /** Signs each attempt as `sign.scheme` does, with that sender's type and id headers. */
  readonly signer: { readonly scheme: SchemeName; readonly signer: Signer } | undefined;
  readonly timeoutMs: number;
  readonly followRedirects: boolean;
  readonly contentType: string;
  /** Values that must never appear in an error message or a log line. */
  readonly secrets: readonly string[];
}

/** Standard Webhooks recommends 15–30 s; 15 s keeps a slow receiver from holding a worker for long. */
const defaultTimeoutMs = 15_000;

const sensitiveHeader = /auth|token|key|secret|cookie|signature|password/i;

/** Reads a schema-valid definition (see `httpTargetSchema`). */
export function readHttpTargetConfig(definition: JsonObject): HttpTargetConfig {
  const url = definition.url as string;
  const sign = definition.sign as unknown as SignConfig | undefined;
  const headers: Record<string, string> = {};
  const secrets: string[] = secretsOfUrl(url);
  for (const [name, value] of Object.entries((definition.headers ?? {}) as Record<string, string>)) {
    headers[name.toLowerCase()] = value;
    if (sensitiveHeader.test(name)) secrets.push(value);
  }
  if (sign) secrets.push(sign.secret);
  return {
    url,
    method: (definition.method as HttpMethod | undefined) ?? 'POST',
    headers,
    bodyMode: (definition.body as 'template' | 'passthrough' | undefined) ?? 'auto',
    signer: sign ? { scheme: sign.scheme as SchemeName, signer: createSigner(sign) } : undefined,
    timeoutMs: (definition.timeoutMs as number | undefined) ?? defaultTimeoutMs,
    followRedirects: (definition.followRedirects as boolean | undefined) ?? false,
    contentType: (definition.contentType as string | undefined) ?? 'application/json',
    secrets: secrets.filter((secret) => secret !== ''),
  };
}
