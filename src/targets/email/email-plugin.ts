import type { TargetPlugin } from '../target.js';
import { checkEmailDefinition, checkEmailRoute } from './check-email-target.js';
import { createEmailTarget } from './create-email-target.js';
import { defaultEmailTemplates } from './default-email-templates.js';
import { emailTargetSchema } from './email-target-schema.js';

/**
 * `type: email`: sends each event as a mail over SMTP, with a plain-text and an HTML part and, if asked, the
 * transcript as a .txt attachment. Each field's inserted values are escaped for where they land.
 */
export const emailPlugin: TargetPlugin = {
  type: 'email',
  schema: emailTargetSchema,
  fields: { from: 'header', to: 'header', cc: 'header', subject: 'header', text: 'none', html: 'html' },
  defaultTemplates: defaultEmailTemplates,
  checkDefinition: checkEmailDefinition,
  checkRoute: checkEmailRoute,
  create: (name, definition, deps) => createEmailTarget(name, definition, deps),
};
