/**
 * How signatures sit in a header, for the HMAC schemes. Pure: parsing and formatting only.
 * - `plain`: the whole value, after an optional prefix (`sha256=<hex>`, Shopify's bare base64).
 * - `pairs`: `key=value` items with a timestamp and one or more signatures (Stripe `t=…,v1=…,v1=…`, Paddle
 *   `ts=…;h1=…`); several signatures appear while a secret is rotated.
 * - `versioned`: space-separated `version,signature` items (Standard Webhooks `v1,<base64> v1a,<base64>`); unknown
 *   versions are skipped.
 */
export type SignatureFormat =
  | { readonly kind: 'plain'; readonly prefix: string }
  | {
      readonly kind: 'pairs';
      readonly separator: string;
      readonly timestampKey: string;
      readonly signatureKey: string;
    }
  | { readonly kind: 'versioned'; readonly version: string };

export interface ParsedSignatures {
  readonly signatures: readonly string[];
  /** The timestamp carried in the header itself (pairs), as written. */
  readonly timestamp: string | undefined;
}

export function parseSignatureHeader(format: SignatureFormat, value: string): ParsedSignatures {
  switch (format.kind) {
    case 'plain': {
      const trimmed = value.trim();
      // A prefix is compared without regard to case (`SHA256=`), the signature itself exactly.
      if (trimmed.slice(0, format.prefix.length).toLowerCase() !== format.prefix.toLowerCase()) {
        return { signatures: [], timestamp: undefined };
      }
      return { signatures: [trimmed.slice(format.prefix.length)], timestamp: undefined };
    }
    case 'pairs': {
      const signatures: string[] = [];
      let timestamp: string | undefined;
      for (const item of value.split(format.separator)) {
        const equals = item.indexOf('=');
        if (equals === -1) continue;
        const key = item.slice(0, equals).trim();
        const text = item.slice(equals + 1).trim();
        if (key === format.timestampKey) timestamp = text;
        else if (key === format.signatureKey && text !== '') signatures.push(text);
      }
      return { signatures, timestamp };
    }
    case 'versioned': {
      const signatures: string[] = [];
      for (const item of value.trim().split(/\s+/)) {
        const comma = item.indexOf(',');
        if (comma !== -1 && item.slice(0, comma) === format.version) signatures.push(item.slice(comma + 1));
      }
      return { signatures, timestamp: undefined };
    }
  }
}

export function formatSignatureHeader(format: SignatureFormat, signature: string, timestamp: string): string {
  switch (format.kind) {
    case 'plain':
      return `${format.prefix}${signature}`;
    case 'pairs':
      return `${format.timestampKey}=${timestamp}${format.separator}${format.signatureKey}=${signature}`;
    case 'versioned':
      return `${format.version},${signature}`;
  }
}
