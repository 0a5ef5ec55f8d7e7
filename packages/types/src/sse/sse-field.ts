/** The line kinds an SSE parser acts on; every other field is ignored, as the spec says. */
export type SseField = 'comment' | 'data' | 'event' | 'id' | 'retry';

const COLON = 58;
/** Longer than every known field name plus its colon: a line with no colon this early names no known field. */
const FIELD_SCAN = 6;

/**
 * Classifies one non-empty line, `line[start, end)` (all of `line` by default), by its first bytes only, so a long
 * line (with or without a colon) costs O(1) here: the value is found at `start + field.length + 1`. Returns
 * undefined for a field the parser ignores.
 */
export function sseFieldOf(line: Uint8Array, start = 0, end = line.length): SseField | undefined {
  if (line[start] === COLON) return 'comment';
  const length = end - start;
  const scan = start + Math.min(length, FIELD_SCAN);
  let nameEnd = -1;
  for (let index = start; index < scan; index += 1) {
    if (line[index] === COLON) {
      nameEnd = index - start;
      break;
    }
  }
  if (nameEnd === -1) {
    // No colon: the whole line is the field name, with an empty value.
    if (length >= FIELD_SCAN) return undefined;
    nameEnd = length;
  }
  return fieldNamed(line, start, nameEnd);
}

function fieldNamed(line: Uint8Array, start: number, length: number): SseField | undefined {
  for (const field of FIELDS) {
    if (field.length === length && matches(line, start, field)) return field;
  }
  return undefined;
}

const FIELDS = ['data', 'event', 'id', 'retry'] as const;

function matches(line: Uint8Array, start: number, name: string): boolean {
  for (let index = 0; index < name.length; index += 1) {
    if (line[start + index] !== name.charCodeAt(index)) return false;
  }
  return true;
}
