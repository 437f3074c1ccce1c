import { createSigner } from '../../signing/sign-config.js';
import type { SchemeName } from '../../signing/scheme-registry.js';
import type { Signer } from '../../signing/signature-scheme.js';
import type { JsonObject } from '../../types.js';
import { definitionReader } from '../shared/read-definition.js';
import { secretsOfUrl } from '../shared/redact-url.js';
import { httpTargetDefaults, type HttpTargetDefinition } from './http-target-definition.js';
import { httpTargetSchema } from './http-target-schema.js';

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

// The timeout default (15 s, in the schema) follows Standard Webhooks' 15–30 s: a slow receiver holds a worker briefly.
const readDefinition = definitionReader<HttpTargetDefinition>('http', httpTargetSchema);

const sensitiveHeader = /auth|token|key|secret|cookie|signature|password/i;

/** Reads a schema-valid definition (see `httpTargetSchema`). */
export function readHttpTargetConfig(raw: JsonObject): HttpTargetConfig {
  const definition = readDefinition(raw);
  const { url, sign } = definition;
  const headers: Record<string, string> = {};
  const secrets: string[] = secretsOfUrl(url);
  for (const [name, value] of Object.entries(definition.headers ?? {})) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = value;
    if (sensitiveHeader.test(name)) secrets.push(value);
  }
  if (sign) secrets.push(sign.secret);
  return {
    url,
    method: definition.method ?? httpTargetDefaults.method,
    headers,
    bodyMode: definition.body ?? 'auto',
    signer: sign ? { scheme: sign.scheme, signer: createSigner(sign) } : undefined,
    timeoutMs: definition.timeoutMs ?? httpTargetDefaults.timeoutMs,
    followRedirects: definition.followRedirects ?? httpTargetDefaults.followRedirects,
    contentType: definition.contentType ?? httpTargetDefaults.contentType,
    secrets: secrets.filter((secret) => secret !== ''),
  };
}
