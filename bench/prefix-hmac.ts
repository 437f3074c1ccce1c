import { createHash, type Hash } from 'node:crypto';

const blockSize = 64;

/**
 * HMAC-SHA256 of many messages that share a long prefix, hashing the prefix once: the inner hash state after
 * `(key ^ ipad) || prefix` is kept and copied for each suffix (RFC 2104 written out with `Hash.copy`). For a
 * 13 KB body with a 40-byte unique tail this is ~100× cheaper than `createHmac` per body, which keeps signing a
 * pool of tens of thousands of events to well under a second. Output equals `createHmac('sha256', key)` hex.
 */
export function prefixHmacSha256(key: string | Buffer, prefix: Buffer): (suffix: Buffer) => string {
  let keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (keyBytes.length > blockSize) keyBytes = createHash('sha256').update(keyBytes).digest();
  const ipad = Buffer.alloc(blockSize, 0x36);
  const opad = Buffer.alloc(blockSize, 0x5c);
  for (let i = 0; i < keyBytes.length; i++) {
    ipad[i]! ^= keyBytes[i]!;
    opad[i]! ^= keyBytes[i]!;
  }
  const inner: Hash = createHash('sha256').update(ipad).update(prefix);
  const outer: Hash = createHash('sha256').update(opad);
  return (suffix) => {
    const innerDigest = inner.copy().update(suffix).digest();
    return outer.copy().update(innerDigest).digest('hex');
  };
}
