import addressparser from 'nodemailer/lib/addressparser/index.js';

export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

/** Parsed addresses, plus the entries that are not addresses (so a typo is reported, not silently dropped). */
export interface ParsedAddresses {
  readonly addresses: readonly MailAddress[];
  readonly invalid: readonly string[];
}

// Deliberately loose: the SMTP server is the judge; this only catches what cannot be an address at all.
const plausibleAddress = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

/** Reads `a@x, "Name" <b@y>` (RFC 5322 list syntax, so quoted names may contain commas); groups are flattened. */
export function parseAddresses(list: string | undefined): ParsedAddresses {
  if (list === undefined || list.trim() === '') return { addresses: [], invalid: [] };
  const addresses: MailAddress[] = [];
  const invalid: string[] = [];
  for (const entry of addressparser(list, { flatten: true })) {
    if (plausibleAddress.test(entry.address)) addresses.push({ name: entry.name, address: entry.address });
    else invalid.push(entry.address || entry.name);
  }
  return { addresses, invalid };
}

export function formatAddress(address: MailAddress): string {
  return address.name === '' ? address.address : `${JSON.stringify(address.name)} <${address.address}>`;
}
