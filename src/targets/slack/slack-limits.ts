/**
 * Slack's message limits (api.slack.com/reference/block-kit/blocks, api.slack.com/methods/chat.postMessage),
 * counted in UTF-16 code units: never fewer than the characters Slack counts, so staying under them is safe.
 */
export const slackLimits = {
  /** A `header` block's plain_text. */
  headerChars: 150,
  /** One text object, e.g. a section's text. */
  sectionChars: 3000,
  blocksPerMessage: 50,
  /**
   * The top-level `text` is only the notification fallback when blocks carry the message; Slack truncates it
   * past 40,000 and advises staying near 4,000, so a short summary is enough.
   */
  fallbackChars: 3000,
  /**
   * All block text of one message together. Slack answers `msg_blocks_too_long` somewhere between 11,000 and
   * 13,300 characters of block text, a limit it does not document (slackapi/bolt-js#2509, #2867); 10,000 keeps
   * a margin and still fits three full sections.
   */
  blockCharsPerMessage: 10_000,
} as const;
