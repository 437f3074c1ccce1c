import type { JsonObject } from '../../types.js';
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

const defaultTimeoutMs = 15_000;
const defaultAttachment: TranscriptAttachment = { field: 'data.text', filename: 'transcript.txt' };

/** Reads a schema-valid definition (see `emailTargetSchema`). */
export function readEmailTargetConfig(definition: JsonObject): EmailTargetConfig {
  const url = definition.url as string | undefined;
  const server = url !== undefined ? parseSmtpUrl(url) : serverFromFields(definition);
  const secrets = [server.auth?.pass ?? '', server.auth?.user ?? ''];
  if (url !== undefined && server.auth) {
    secrets.push(url, encodeURIComponent(server.auth.pass), encodeURIComponent(server.auth.user));
  }
  return {
    server,
    requireTLS: definition.requireTLS as boolean | undefined,
    ignoreTLS: definition.ignoreTLS as boolean | undefined,
    pool: (definition.pool as boolean | undefined) ?? true,
    timeoutMs: (definition.timeoutMs as number | undefined) ?? defaultTimeoutMs,
    mail: {
      from: definition.from as string | undefined,
      to: joinList(definition.to),
      cc: joinList(definition.cc),
      attachTranscript: readAttachment(definition.attachTranscript),
    },
    secrets: secrets.filter((secret) => secret !== ''),
  };
}

function serverFromFields(definition: JsonObject): SmtpServer {
  const port = definition.port as number | undefined;
  const auth = definition.auth as { user: string; pass: string } | undefined;
  return {
    host: definition.host as string,
    port,
    secure: (definition.secure as boolean | undefined) ?? port === 465,
    auth,
  };
}

function joinList(value: JsonObject[string] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as string[]).join(', ') : (value as string);
}

function readAttachment(value: JsonObject[string] | undefined): TranscriptAttachment | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return defaultAttachment;
  const options = value as { field?: string; filename?: string };
  return {
    field: options.field ?? defaultAttachment.field,
    filename: options.filename ?? defaultAttachment.filename,
  };
}
