// The bucket is shared with signing and the Slack pacer, so it lives below all three (src/token-bucket.ts); the
// worker keeps importing it from here (files under src/queue are not moved while other work lands there).
export { TokenBucket } from '../token-bucket.js';
