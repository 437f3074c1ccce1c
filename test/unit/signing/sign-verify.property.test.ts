import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SignInput } from '../../../src/signing/signature-scheme.js';
import { scheme, signedRequest, testUrl } from '../../helpers/signed-request.js';
import { presetCases, type PresetCase } from './preset-cases.js';

/** Random secrets in the form each scheme accepts. */
function secrets(preset: PresetCase): fc.Arbitrary<string> {
  const printable = fc.string({
    unit: fc.constantFrom(...'abcXYZ019-_.~!@#$%^&*()é漢'.split('')),
    minLength: 1,
  });
  switch (preset.name) {
    case 'standard-webhooks':
    case 'svix':
      return fc
        .uint8Array({ minLength: 24, maxLength: 64 })
        .map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`);
    case 'stripe':
      return printable.map((s) => `whsec_${s}`);
    case 'bearer':
      return fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,40}$/);
    case 'basic':
      return fc.tuple(fc.stringMatching(/^[a-z]{1,10}$/), printable).map(([user, pass]) => `${user}:${pass}`);
    case 'slack':
      return printable.filter((s) => !s.startsWith('xox'));
    default:
      return printable;
  }
}

/** Random bodies: any UTF-8 text, or for Twilio a form of distinct alphanumeric fields. */
function bodies(preset: PresetCase): fc.Arbitrary<string> {
  if (!preset.form) return fc.string({ unit: 'grapheme', maxLength: 200 });
  return fc
    .dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/), fc.stringMatching(/^[A-Za-z0-9]{1,12}$/), {
      minKeys: 1,
    })
    .map((fields) => new URLSearchParams(fields).toString());
}

const now = Date.UTC(2026, 10, 30, 12, 0, 0);

function signFor(preset: PresetCase, body: string, secret: string): Record<string, string> {
  const input: SignInput = { body, method: 'POST', url: testUrl, id: 'msg_p', timestampSec: now / 1000 };
  return scheme(preset.name, preset.options).signer(secret).sign(input);
}

function requestFor(preset: PresetCase, body: Buffer, headers: Record<string, string>) {
  const type = preset.form ? 'application/x-www-form-urlencoded' : 'application/json';
  return signedRequest(body, { 'content-type': type, ...headers }, { now });
}

describe.each(presetCases)('sign → verify for $name (fast-check)', (preset) => {
  it('holds for random bodies and secrets', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(preset), secrets(preset), async (body, secret) => {
        const problem = scheme(preset.name, preset.options).secretProblem(secret, 'sign');
        expect(problem).toBeUndefined();
        const headers = signFor(preset, body, secret);
        const verifier = scheme(preset.name, preset.options).verifier([secret]);
        expect(await verifier.verify(requestFor(preset, Buffer.from(body), headers))).toBe('valid');
      }),
      { numRuns: 60 },
    );
  });

  it.runIf(preset.signsBody)('breaks when any byte of the body is changed', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodies(preset).filter((b) => b.length > 0),
        secrets(preset),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (body, secret, at, flip) => {
          const headers = signFor(preset, body, secret);
          const bytes = Buffer.from(body);
          const index = at % bytes.length;
          bytes[index] = (bytes[index] ?? 0) ^ flip;
          const verifier = scheme(preset.name, preset.options).verifier([secret]);
          expect(await verifier.verify(requestFor(preset, bytes, headers))).toBe('invalid');
        },
      ),
      { numRuns: 60 },
    );
  });
});
