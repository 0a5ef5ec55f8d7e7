/** The line kinds an SSE parser acts on; every other field is ignored, as the spec says. */
export type SseField = 'comment' | 'data' | 'event' | 'id' | 'retry';

const COLON = 58;
/** Longer than every known field name plus its colon: a line with no colon this early names no known field. */
const FIELD_SCAN = 6;

/**
 * Classifies one non-empty line by its first bytes only, so a long line (with or without a colon) costs O(1)
 * here: the value is found at `field.length + 1`. Returns undefined for a field the parser ignores.
 */
export function sseFieldOf(line: Uint8Array): SseField | undefined {
  if (line[0] === COLON) return 'comment';
  const scan = Math.min(line.length, FIELD_SCAN);
  let nameEnd = -1;
  for (let index = 0; index < scan; index += 1) {
    if (line[index] === COLON) {
      nameEnd = index;
      break;
    }
  }
  if (nameEnd === -1) {
    // No colon: the whole line is the field name, with an empty value.
    if (line.length >= FIELD_SCAN) return undefined;
    nameEnd = line.length;
  }
  return fieldNamed(line, nameEnd);
}

function fieldNamed(line: Uint8Array, length: number): SseField | undefined {
  for (const field of FIELDS) {
    if (field.length === length && matches(line, field)) return field;
  }
  return undefined;
}

const FIELDS = ['data', 'event', 'id', 'retry'] as const;

function matches(line: Uint8Array, name: string): boolean {
  for (let index = 0; index < name.length; index += 1) {
    if (line[index] !== name.charCodeAt(index)) return false;
  }
  return true;
}
