import type { SchemeName } from '../signing/scheme-registry.js';
import { sourcePresets } from './source-presets.js';

/**
 * The headers a sender of this preset puts its event type and id in (GitHub's X-GitHub-Event and
 * X-GitHub-Delivery, …), so a request signed like that sender — by `hookgate send` or an http target re-signing
 * for a downstream — also reads like one. A type the preset builds with a suffix (`pull_request.opened`) goes into
 * the header without it (`pull_request`).
 */
export function identityHeaders(
  scheme: SchemeName,
  event: { readonly type: string; readonly id: string },
): Record<string, string> {
  const preset = sourcePresets[scheme];
  const headers: Record<string, string> = {};
  const typeSource = preset.eventType.from[0];
  if (typeSource && 'header' in typeSource) {
    const dot = event.type.indexOf('.');
    headers[typeSource.header] =
      preset.eventType.suffix !== undefined && dot > 0 ? event.type.slice(0, dot) : event.type;
  }
  const idSource = preset.eventId.from[0];
  if (idSource && 'header' in idSource) headers[idSource.header] = event.id;
  return headers;
}
