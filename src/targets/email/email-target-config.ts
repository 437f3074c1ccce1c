import type { JsonObject } from '../../types.js';
import { definitionReader } from '../shared/read-definition.js';
import { emailTargetDefaults, type EmailTargetDefinition } from './email-target-definition.js';
import { emailTargetSchema } from './email-target-schema.js';
import { parseSmtpUrl, type SmtpServer } from './parse-smtp-url.js';

/** Where the transcript attachment comes from and what it is called. */
export interface TranscriptAttachment {
  /** Dotted path in the event payload. */
  readonly field: string;
  readonly filename: string;
}

/** The message-level settings of an email target: address defaults and the transcript attachment. */
export interface MailSettings {
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly cc: string | undefined;
  readonly attachTranscript: TranscriptAttachment | undefined;
}

/** An email target's definition, read once with its defaults filled in. */
export interface EmailTargetConfig {
  readonly server: SmtpServer;
  readonly requireTLS: boolean | undefined;
  readonly ignoreTLS: boolean | undefined;
  readonly pool: boolean;
  readonly timeoutMs: number;
  readonly mail: MailSettings;
  /** Values that must never appear in an error message or a log line. */
  readonly secrets: readonly string[];
}

const defaultAttachment: TranscriptAttachment = { field: 'data.text', filename: 'transcript.txt' };
const readDefinition = definitionReader<EmailTargetDefinition>('email', emailTargetSchema);

/** Reads a schema-valid definition (see `emailTargetSchema`). */
export function readEmailTargetConfig(raw: JsonObject): EmailTargetConfig {
  const definition = readDefinition(raw);
  const url = definition.url;
  const server = url !== undefined ? parseSmtpUrl(url) : serverFromFields(definition);
  const secrets = [server.auth?.pass ?? '', server.auth?.user ?? ''];
  if (url !== undefined && server.auth) {
    secrets.push(url, encodeURIComponent(server.auth.pass), encodeURIComponent(server.auth.user));
  }
  return {
    server,
    requireTLS: definition.requireTLS,
    ignoreTLS: definition.ignoreTLS,
    pool: definition.pool ?? emailTargetDefaults.pool,
    timeoutMs: definition.timeoutMs ?? emailTargetDefaults.timeoutMs,
    mail: {
      from: definition.from,
      to: joinList(definition.to),
      cc: joinList(definition.cc),
      attachTranscript: readAttachment(definition.attachTranscript),
    },
    secrets: secrets.filter((secret) => secret !== ''),
  };
}

function serverFromFields(definition: EmailTargetDefinition): SmtpServer {
  const port = definition.port;
  return {
    host: definition.host ?? '',
    port,
    secure: definition.secure ?? port === 465,
    auth: definition.auth,
  };
}

function joinList(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

function readAttachment(value: EmailTargetDefinition['attachTranscript']): TranscriptAttachment | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return defaultAttachment;
  return {
    field: value.field ?? defaultAttachment.field,
    filename: value.filename ?? defaultAttachment.filename,
  };
}
