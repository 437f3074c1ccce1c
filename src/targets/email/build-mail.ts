import { readField } from '../../routing/field-path.js';
import { toJsonText } from '../../templates/to-json-text.js';
import type { JsonObject } from '../../types.js';
import type { OutboundMessage } from '../target.js';
import type { MailSettings } from './email-target-config.js';
import { formatAddress, parseAddresses, type MailAddress } from './parse-addresses.js';

export interface MailAttachment {
  readonly filename: string;
  readonly content: string;
  readonly contentType: string;
}

/** The mail an email target sends for one message, before the per-delivery headers are added. */
export interface MailPlan {
  readonly from: MailAddress | undefined;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string;
  readonly text: string | undefined;
  readonly html: string | undefined;
  readonly attachments: readonly MailAttachment[];
  /** Why sending it would fail every time, if it would (reported permanent by `send`, shown by `preview`). */
  readonly problem: string | undefined;
}

/**
 * Pure: the mail for a message; `send` and `preview` both start here. Route fields win over the target's
 * `from`/`to`/`cc`; a field that rendered empty counts as not given, so a route can drop the html part with
 * `html: ''`.
 */
export function buildMail(settings: MailSettings, message: OutboundMessage): MailPlan {
  const field = (key: string): string | undefined => {
    const value = message.fields[key];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const from = parseAddresses(field('from') ?? settings.from);
  const to = parseAddresses(field('to') ?? settings.to);
  const cc = parseAddresses(field('cc') ?? settings.cc);
  const problems: string[] = [];
  if (from.addresses.length !== 1 || from.invalid.length > 0) {
    problems.push('"from" must be exactly one address (set it on the target or in the route)');
  }
  if (to.addresses.length === 0) problems.push('no "to" address (set it on the target or in the route)');
  const invalid = [...to.invalid, ...cc.invalid];
  if (invalid.length > 0)
    problems.push(`not an address: ${invalid.map((entry) => JSON.stringify(entry)).join(', ')}`);
  const attachment =
    settings.attachTranscript && transcriptAttachment(message.payload, settings.attachTranscript);
  return {
    from: from.addresses[0],
    to: to.addresses,
    cc: cc.addresses,
    subject: field('subject') ?? '',
    text: field('text'),
    html: field('html'),
    attachments: attachment ? [attachment] : [],
    problem: problems.length > 0 ? problems.join('; ') : undefined,
  };
}

/** The mail as JSON for a dry run: what would be sent, with attachment sizes instead of their content. */
export function mailPreview(plan: MailPlan): JsonObject {
  const preview: JsonObject = {
    from: plan.from ? formatAddress(plan.from) : null,
    to: plan.to.map(formatAddress),
    cc: plan.cc.map(formatAddress),
    subject: plan.subject,
    text: plan.text ?? null,
    html: plan.html ?? null,
    attachments: plan.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: Buffer.byteLength(a.content, 'utf8'),
    })),
  };
  if (plan.problem !== undefined) preview.error = plan.problem;
  return preview;
}

function transcriptAttachment(
  payload: JsonObject,
  options: { readonly field: string; readonly filename: string },
): MailAttachment | undefined {
  const value = readField(payload, options.field);
  if (value === undefined || value === null || value === '') return undefined;
  const content = typeof value === 'string' ? value : toJsonText(value, 2);
  return { filename: options.filename, content, contentType: 'text/plain; charset=utf-8' };
}
