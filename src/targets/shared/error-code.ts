/** The `code` of a Node or got error (`ECONNRESET`, `ERR_INVALID_CHAR`, …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** got's timeouts (`timeout.request`) fail with this name. */
export function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}
