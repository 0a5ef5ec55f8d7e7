import type { StreamPart } from '@clawft/types';
import { ResponseFold } from './response-fold.js';

/**
 * The text a consumer ends up with after `parts` (the `ResponseFold`'s text): text deltas appended, everything
 * before the last `reset` dropped. Also the reference for how a UI should treat `reset` (clear what the current
 * answer showed so far).
 *
 * @example
 * const parts = []; for await (const part of llm.stream(request)) parts.push(part);
 * assembleText(parts); // exactly one target's answer in restart mode
 */
export function assembleText(parts: Iterable<StreamPart>): string {
  const fold = new ResponseFold();
  for (const part of parts) fold.accept(part);
  return fold.text;
}
