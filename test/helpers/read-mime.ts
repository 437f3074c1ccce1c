// A minimal MIME reader, enough for what nodemailer writes: unfolded headers, nested multiparts, and
// base64 / quoted-printable bodies decoded as UTF-8.

export interface MimeEntity {
  readonly headers: Map<string, string>;
  readonly body: string;
  readonly children: readonly MimeEntity[];
}

export interface MimeLeaf {
  readonly type: string;
  readonly disposition: string;
  readonly body: string;
}

export function parseMime(raw: string): MimeEntity {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const rawBody = split === -1 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const sections = rawBody.split(`--${boundary}`).slice(1);
    const children = sections
      .filter((section) => !section.startsWith('--'))
      .map((section) => parseMime(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    return { headers, body: '', children };
  }
  return {
    headers,
    body: decodeBody(rawBody, headers.get('content-transfer-encoding') ?? '7bit'),
    children: [],
  };
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const bytes = body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    default:
      return body;
  }
}

/** RFC 2047 encoded-words (`=?UTF-8?Q?…?=`), as nodemailer writes a header with special characters. */
export function decodeMimeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([QB])\?([^?]*)\?=/gi, (_match, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
    );
}

/** The leaf parts of a message, depth first, with their type and disposition. */
export function mimeLeaves(entity: MimeEntity): MimeLeaf[] {
  if (entity.children.length > 0) return entity.children.flatMap(mimeLeaves);
  return [
    {
      type: entity.headers.get('content-type') ?? 'text/plain',
      disposition: entity.headers.get('content-disposition') ?? '',
      body: entity.body,
    },
  ];
}
