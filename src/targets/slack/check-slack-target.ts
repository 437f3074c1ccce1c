import type { JsonObject } from '../../types.js';
import type { TargetProblem } from '../target.js';

/** At load: what the schema lets through but cannot work, said plainly. */
export function checkSlackDefinition(definition: JsonObject): TargetProblem[] {
  if (definition.webhookUrl !== undefined && definition.file === true) {
    return [
      {
        path: ['file'],
        message: 'an incoming webhook cannot upload files: use a bot token (token and channel) for the file',
      },
    ];
  }
  return [];
}
