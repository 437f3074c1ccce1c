import { describe, expect, it } from 'vitest';
import type { SignInput } from '../../../src/signing/signature-scheme.js';
import { scheme, signedRequest, testUrl } from '../../helpers/signed-request.js';
import { presetCases, type PresetCase } from './preset-cases.js';

/**
 * Every preset, through its own signer (itself checked against the providers' libraries in
 * provider-libraries.test.ts): valid requests are accepted; a tampered body, a wrong secret, an expired timestamp,
 * a missing header and another preset's signature are refused with the outcome that becomes the right 401 code.
 */
const now = Date.UTC(2026, 10, 30, 12, 0, 0);
const jsonBody = '{"type":"order.created","id":"ord_1","total":42}';
const formBody = 'MessageSid=SM1&MessageStatus=delivered&Body=caf%C3%A9';

function bodyOf(preset: PresetCase): string {
  return preset.form ? formBody : jsonBody;
}

function headersFor(preset: PresetCase, signed: Record<string, string>): Record<string, string> {
  return {
    'content-type': preset.form ? 'application/x-www-form-urlencoded' : 'application/json',
    ...signed,
  };
}

function sign(preset: PresetCase, secret = preset.secret, timestampSec = now / 1000): Record<string, string> {
  const input: SignInput = { body: bodyOf(preset), method: 'POST', url: testUrl, id: 'msg_1', timestampSec };
  return scheme(preset.name, preset.options).signer(secret).sign(input);
}

async function verify(preset: PresetCase, headers: Record<string, string>, body = bodyOf(preset)) {
  const verifier = scheme(preset.name, preset.options).verifier([preset.secret]);
  return verifier.verify(signedRequest(body, headersFor(preset, headers), { now }));
}

describe.each(presetCases)('preset $name', (preset) => {
  it('accepts a request it signed', async () => {
    expect(await verify(preset, sign(preset))).toBe('valid');
  });

  it('refuses a signature made with another secret as invalid', async () => {
    expect(await verify(preset, sign(preset, preset.otherSecret))).toBe('invalid');
  });

  it.runIf(preset.signsBody)('refuses a tampered body as invalid', async () => {
    const tampered = bodyOf(preset).replace(
      preset.form ? 'delivered' : '42',
      preset.form ? 'delivereD' : '43',
    );
    expect(await verify(preset, sign(preset), tampered)).toBe('invalid');
  });

  it.runIf(!preset.signsBody)(
    'authenticates the sender only: the body is not covered (documented)',
    async () => {
      expect(await verify(preset, sign(preset), `${bodyOf(preset)} `)).toBe('valid');
    },
  );

  it.runIf(preset.toleranceMs !== undefined)(
    'refuses a timestamp just past the tolerance as expired',
    async () => {
      const tolerance = preset.toleranceMs ?? 0;
      const stale = Math.floor((now - tolerance) / 1000) - 1;
      expect(await verify(preset, sign(preset, preset.secret, stale))).toBe('expired');
      const fresh = Math.ceil((now - tolerance) / 1000) + 1;
      expect(await verify(preset, sign(preset, preset.secret, fresh))).toBe('valid');
    },
  );

  it('reports a request without any of its headers as missing', async () => {
    const signed = sign(preset);
    for (const name of Object.keys(signed)) {
      const partial = Object.fromEntries(Object.entries(signed).filter(([key]) => key !== name));
      expect(await verify(preset, partial), name).toBe('missing');
    }
  });

  it('refuses the signature of every other preset', async () => {
    const own = new Set(Object.keys(sign(preset)));
    for (const other of presetCases) {
      if (other.name === preset.name) continue;
      const headers = sign({ ...other, form: preset.form ?? false }, other.secret);
      const shared = Object.keys(headers).some((name) => own.has(name));
      const outcome = await verify(preset, headers);
      expect(outcome, `${other.name} signature`).toBe(shared ? 'invalid' : 'missing');
    }
  });
});
