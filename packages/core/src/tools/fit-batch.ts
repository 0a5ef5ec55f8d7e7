import { cutText } from './cut-text.js';

/**
 * Shares `maxBytes` among a batch's result texts: small results stay whole, the rest are cut (head and tail kept)
 * to an equal share of what is left, so one huge result cannot crowd out its siblings.
 */
export function fitBatch(texts: readonly string[], maxBytes: number): string[] {
  const sizes = texts.map((text) => Buffer.byteLength(text));
  if (sizes.reduce((sum, size) => sum + size, 0) <= maxBytes) return [...texts];
  const order = sizes.map((_, index) => index).sort((a, b) => (sizes[a] ?? 0) - (sizes[b] ?? 0));
  const caps = new Array<number>(texts.length).fill(0);
  let left = maxBytes;
  order.forEach((index, position) => {
    const share = Math.floor(left / (order.length - position));
    caps[index] = Math.min(sizes[index] ?? 0, share);
    left -= caps[index] ?? 0;
  });
  return texts.map((text, index) => cutText(text, caps[index] ?? 0));
}
