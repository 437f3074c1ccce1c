import { findCut } from './find-cut.js';

/** Pure: the text, or its head cut at a boundary and ended with `…`, in at most `max` UTF-16 units. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = '…';
  return `${text.slice(0, findCut(text, max - marker.length)).trimEnd()}${marker}`;
}
