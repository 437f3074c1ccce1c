import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Standard Webhooks' asymmetric keys: `whpk_` + base64 of the raw 32-byte Ed25519 public key, and `whsk_` + base64
 * of the private key (its 32-byte seed, or the 64 bytes seed + public key that libsodium and Go write). Node takes
 * raw keys only inside DER, so the fixed DER prefix of each form is put in front.
 */
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');
const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

export const publicKeyPrefix = 'whpk_';
export const privateKeyPrefix = 'whsk_';

function decode(key: string, prefix: string): Buffer | undefined {
  const encoded = key.slice(prefix.length);
  if (!key.startsWith(prefix) || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  return Buffer.from(encoded, 'base64');
}

export function publicKeyProblem(key: string): string | undefined {
  return decode(key, publicKeyPrefix)?.length === 32
    ? undefined
    : 'must be "whpk_" followed by the base64 of a 32-byte Ed25519 public key';
}

export function privateKeyProblem(key: string): string | undefined {
  const length = decode(key, privateKeyPrefix)?.length;
  return length === 32 || length === 64
    ? undefined
    : 'must be "whsk_" followed by the base64 of a 32- or 64-byte Ed25519 private key';
}

export function ed25519PublicKey(key: string): KeyObject {
  const raw = decode(key, publicKeyPrefix) ?? Buffer.alloc(0);
  return createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' });
}

export function ed25519PrivateKey(key: string): KeyObject {
  const raw = decode(key, privateKeyPrefix) ?? Buffer.alloc(0);
  return createPrivateKey({
    key: Buffer.concat([pkcs8Prefix, raw.subarray(0, 32)]),
    format: 'der',
    type: 'pkcs8',
  });
}
