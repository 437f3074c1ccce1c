/**
 * A Message-ID derived from the delivery id alone, so every attempt of one delivery carries the same id and a
 * resend is recognisable (mail clients and many servers drop the duplicate). The right-hand side is the sender's
 * domain, as RFC 5322 §3.6.4 suggests, for uniqueness across senders.
 */
export function messageIdFor(deliveryId: string, fromAddress: string | undefined): string {
  const left = deliveryId.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-').replace(/\.{2,}|^\.|\.$/g, '-');
  const domain =
    fromAddress
      ?.split('@')
      .pop()
      ?.replace(/[^A-Za-z0-9.-]/g, '') ?? '';
  return `<${left}.hookgate@${domain === '' ? 'hookgate.invalid' : domain}>`;
}
