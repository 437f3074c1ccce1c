import type { OutboundSigner } from './outbound-signer.js';
import { createConnectItSigner } from './connect-it-signer.js';
import { createStandardWebhooksSigner } from './standard-webhooks-signer.js';

export type OutboundSignerScheme = 'standard-webhooks' | 'connect-it';

/** The outbound signing schemes, keyed by `sign.scheme` in an http target's definition. */
export const outboundSigners: ReadonlyMap<OutboundSignerScheme, (secret: string) => OutboundSigner> = new Map<
  OutboundSignerScheme,
  (secret: string) => OutboundSigner
>([
  ['standard-webhooks', createStandardWebhooksSigner],
  ['connect-it', createConnectItSigner],
]);

export const outboundSignerSchemes: readonly OutboundSignerScheme[] = [...outboundSigners.keys()];
