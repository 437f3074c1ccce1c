import type { JsonObject } from '../types.js';

/**
 * Keys every target may carry that the core (queue, worker) owns, not the target's plug-in: config/gateway.schema.json
 * checks them, the loader takes them off before the plug-in reads its definition, the README documents them once.
 */
export const coreTargetKeys: readonly string[] = ['type', 'retry', 'concurrency', 'rateLimit'];

/** For a plug-in's schema: lets the core's keys through its `additionalProperties: false` unchecked. */
export const coreTargetProperties: JsonObject = Object.fromEntries(coreTargetKeys.map((key) => [key, true]));
