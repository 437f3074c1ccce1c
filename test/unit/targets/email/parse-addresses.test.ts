import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddresses } from '../../../../src/targets/email/parse-addresses.js';

describe('parseAddresses', () => {
  it.each([undefined, '', '   '])('gives no addresses and no problems for %j', (list) => {
    expect(parseAddresses(list)).toEqual({ addresses: [], invalid: [] });
  });

  it('reads a plain address with an empty name', () => {
    expect(parseAddresses('ops@example.com')).toEqual({
      addresses: [{ name: '', address: 'ops@example.com' }],
      invalid: [],
    });
  });

  it('reads a list of named and plain addresses, with a comma inside a quoted name', () => {
    expect(parseAddresses('"Lima, Ana" <ana@example.com>, Bo Chen <bo@example.org>,ops@example.com')).toEqual(
      {
        addresses: [
          { name: 'Lima, Ana', address: 'ana@example.com' },
          { name: 'Bo Chen', address: 'bo@example.org' },
          { name: '', address: 'ops@example.com' },
        ],
        invalid: [],
      },
    );
  });

  it('flattens a group into its members', () => {
    expect(parseAddresses('Team: ana@example.com, bo@example.org;').addresses).toEqual([
      { name: '', address: 'ana@example.com' },
      { name: '', address: 'bo@example.org' },
    ]);
  });

  it('reports entries that cannot be addresses instead of dropping them silently', () => {
    expect(parseAddresses('ana@example.com, not-an-address, Bo <>, a@b@c')).toEqual({
      addresses: [{ name: '', address: 'ana@example.com' }],
      invalid: ['not-an-address', 'Bo', 'a@b@c'],
    });
  });

  it('refuses an address with a space in it', () => {
    expect(parseAddresses('ana@ example.com').invalid).toEqual(['ana@ example.com']);
  });
});

describe('formatAddress', () => {
  it('gives a bare address when there is no name', () => {
    expect(formatAddress({ name: '', address: 'ops@example.com' })).toBe('ops@example.com');
  });

  it('quotes the name, escaping quotes in it, before the address in angle brackets', () => {
    expect(formatAddress({ name: 'Lima, Ana', address: 'ana@example.com' })).toBe(
      '"Lima, Ana" <ana@example.com>',
    );
    expect(formatAddress({ name: 'Ana "AL" Lima', address: 'ana@example.com' })).toBe(
      '"Ana \\"AL\\" Lima" <ana@example.com>',
    );
  });

  it('formats what parseAddresses reads back to the same address', () => {
    const list = '"Lima, Ana" <ana@example.com>, ops@example.com';
    const again = parseAddresses(parseAddresses(list).addresses.map(formatAddress).join(', '));
    expect(again).toEqual(parseAddresses(list));
  });
});
