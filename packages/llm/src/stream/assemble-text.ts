import type { StreamPart } from '@clawft/types';

/**
 * The text a consumer ends up with after `parts`: text deltas appended, everything before the last `reset`
 * dropped. Also the reference for how a UI should treat `reset` (clear what the current answer showed so far).
 *
 * @example
 * const parts = []; for await (const part of llm.stream(request)) parts.push(part);
 * assembleText(parts); // exactly one target's answer in restart mode
 */
export function assembleText(parts: Iterable<StreamPart>): string {
  let text = '';
  for (const part of parts) {
    if (part.type === 'text-delta') text += part.text;
    else if (part.type === 'reset') text = '';
  }
  return text;
}
