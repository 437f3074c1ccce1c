import { DeliveryError } from '../../errors.js';
import type { JsonObject, JsonValue } from '../../types.js';
import type { OutboundMessage, SendContext, SendReceipt, Target, TargetDeps } from '../target.js';
import { buildMail, mailPreview, type MailPlan } from './build-mail.js';
import { classifySmtpError } from './classify-smtp-error.js';
import { createSmtpTransport, type MailTransport } from './create-smtp-transport.js';
import { readEmailTargetConfig, type EmailTargetConfig } from './email-target-config.js';
import { messageIdFor } from './message-id.js';
import { redactSecrets } from '../shared/redact-secrets.js';
import type { SendMailOptions } from 'nodemailer';

export type TransportFactory = (config: EmailTargetConfig, onError: (error: Error) => void) => MailTransport;

/** Builds an email target: one SMTP transport for its lifetime, one mail per message, never retried here. */
export function createEmailTarget(
  name: string,
  definition: JsonObject,
  deps: TargetDeps,
  createTransport: TransportFactory = createSmtpTransport,
): Target {
  const config = readEmailTargetConfig(definition);
  const safe = (text: string): string => redactSecrets(text, config.secrets);
  const transport = createTransport(config, (error) =>
    deps.logger.warn({ target: name, err: { message: safe(error.message) } }, 'smtp transport error'),
  );

  return {
    name,
    type: 'email',

    preview(message: OutboundMessage): JsonValue {
      return mailPreview(buildMail(config.mail, message));
    },

    async send(message: OutboundMessage, ctx: SendContext): Promise<SendReceipt> {
      const plan = buildMail(config.mail, message);
      if (plan.problem !== undefined) throw new DeliveryError('invalid_message', `${name}: ${plan.problem}`);
      if (ctx.signal?.aborted) throw new DeliveryError('cancelled', `${name}: the send was cancelled`);
      let sent;
      try {
        sent = await transport.sendMail(toNodemailer(plan, message, ctx));
      } catch (error) {
        const failure = classifySmtpError(error);
        throw new DeliveryError(failure.code, safe(`${name}: ${failure.reason}`), { cause: error });
      }
      const rejected = sent.rejected?.length ?? 0;
      if (rejected > 0) {
        deps.logger.warn(
          { target: name, deliveryId: ctx.deliveryId, rejected },
          'some recipients were rejected',
        );
      }
      const accepted = sent.accepted?.length ?? 0;
      return { detail: safe(`accepted ${accepted}, rejected ${rejected}: ${sent.response ?? ''}`.trim()) };
    },

    close(): Promise<void> {
      transport.close();
      return Promise.resolve();
    },
  };
}

function toNodemailer(plan: MailPlan, message: OutboundMessage, ctx: SendContext): SendMailOptions {
  return {
    ...(plan.from ? { from: { ...plan.from } } : {}),
    to: plan.to.map((address) => ({ ...address })),
    ...(plan.cc.length > 0 ? { cc: plan.cc.map((address) => ({ ...address })) } : {}),
    subject: plan.subject,
    ...(plan.text !== undefined ? { text: plan.text } : {}),
    ...(plan.html !== undefined ? { html: plan.html } : {}),
    attachments: plan.attachments.map((attachment) => ({ ...attachment })),
    messageId: messageIdFor(ctx.deliveryId, plan.from?.address),
    headers: { 'X-Hookgate-Delivery': ctx.deliveryId, 'X-Hookgate-Event': message.eventId },
  };
}
