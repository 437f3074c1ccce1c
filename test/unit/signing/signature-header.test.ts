import { describe, expect, it } from 'vitest';
import { formatSignatureHeader, parseSignatureHeader } from '../../../src/signing/signature-header.js';
import { checkTimestamp } from '../../../src/signing/check-timestamp.js';
import { compileSignedTemplate } from '../../../src/signing/signed-template.js';

describe('parseSignatureHeader', () => {
  it('reads a plain value after its prefix, in any case', () => {
    expect(parseSignatureHeader({ kind: 'plain', prefix: 'sha256=' }, ' SHA256=abc ').signatures).toEqual([
      'abc',
    ]);
    expect(parseSignatureHeader({ kind: 'plain', prefix: 'sha256=' }, 'sha1=abc').signatures).toEqual([]);
  });

  it('reads every signature and the timestamp of a pairs header (Stripe, Paddle)', () => {
    const stripe = { kind: 'pairs', separator: ',', timestampKey: 't', signatureKey: 'v1' } as const;
    expect(parseSignatureHeader(stripe, 't=1492774577,v1=aa,v0=zz,v1=bb')).toEqual({
      signatures: ['aa', 'bb'],
      timestamp: '1492774577',
    });
    expect(formatSignatureHeader(stripe, 'aa', '5')).toBe('t=5,v1=aa');
  });

  it('reads only the wanted version of a versioned list (Standard Webhooks)', () => {
    const format = { kind: 'versioned', version: 'v1' } as const;
    expect(parseSignatureHeader(format, 'v1a,xx v1,aa=  v2,yy v1,bb').signatures).toEqual(['aa=', 'bb']);
  });
});

describe('checkTimestamp', () => {
  const rule = { unit: 's', toleranceMs: 300_000, refuseFuture: false } as const;
  it('is expired past the tolerance, and in the future only where the rule says', () => {
    expect(checkTimestamp('1000', rule, 1_300_000)).toBe('valid');
    expect(checkTimestamp('1000', rule, 1_300_001)).toBe('expired');
    expect(checkTimestamp('999999', rule, 0)).toBe('valid');
    expect(checkTimestamp('999999', { ...rule, refuseFuture: true }, 0)).toBe('expired');
    expect(checkTimestamp('1.5', rule, 0)).toBeUndefined();
    expect(checkTimestamp('1500', { ...rule, unit: 'ms' }, 1500)).toBe('valid');
  });
});

describe('compileSignedTemplate', () => {
  it('splits a template into parts', () => {
    expect(compileSignedTemplate('v0:{timestamp}:{body}')).toEqual({
      parts: [
        { kind: 'text', text: 'v0:' },
        { kind: 'timestamp' },
        { kind: 'text', text: ':' },
        { kind: 'body' },
      ],
    });
    expect(compileSignedTemplate('{method}{url}{header.X-Id}.{body}').problem).toBeUndefined();
  });

  it('needs {body} exactly once', () => {
    expect(compileSignedTemplate('{timestamp}').problem).toBe(
      'the signed string must contain {body} exactly once',
    );
    expect(compileSignedTemplate('{body}{body}').problem).toBe(
      'the signed string must contain {body} exactly once',
    );
  });
});
