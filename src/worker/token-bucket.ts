// The bucket is shared with signing and the Slack pacer, so it lives below all three (src/token-bucket.ts); the
// worker keeps importing it from here while delivery-worker.ts is edited in parallel; point that import at
// ../token-bucket.js and delete this file once it settles.
export { TokenBucket } from '../token-bucket.js';
