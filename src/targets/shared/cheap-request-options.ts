import type { BeforeRequestHook, ExtendOptions } from 'got';

/**
 * got (14.x) builds the options for Node's `http.request` of every request by spreading the request's
 * `cacheOptions` into an object literal of some thirty more properties. Its `cacheOptions` is a fresh copy of an
 * object holding four keys set to `undefined`, and V8 takes a slow path for that spread: in a delivery profile
 * that one call was about 6 % of the CPU, ~55 µs per request timed around it, and it left maps behind for the GC.
 * With an empty `cacheOptions` the same call takes ~1 µs. The cache options are only read when a request sets
 * `cache`, which hookgate never does, so emptying them changes nothing else.
 */
const emptyCacheOptions: BeforeRequestHook = (options) => {
  options.cacheOptions = {};
};

/** For `got.extend`: every request through the extended client gets the cheaper native options. */
export const cheapRequestOptions: ExtendOptions = { hooks: { beforeRequest: [emptyCacheOptions] } };
