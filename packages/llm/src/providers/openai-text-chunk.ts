/**
 * The text of a chunk that is nothing but a plain text delta — `{ model?, choices: [{ delta: { content }, finish_reason:
 * null }] }` with no reasoning, tool calls, finish reason or usage, the shape of nearly every chunk of an answer —
 * or undefined for any other chunk, which `ChunkSchema` then reads. It reads exactly the fields the schema reads and
 * accepts only values the schema accepts, so for the chunks it takes the decoded result is the schema's (a test
 * checks both paths agree, see `plain-text-fast-path.test.ts`); it only saves the schema's copy of each chunk.
 */
export function plainTextContent(json: object): string | undefined {
  const { model, usage, choices } = json as Record<string, unknown>;
  if (!isAbsent(usage) || !(model === undefined || model === null || typeof model === 'string'))
    return undefined;
  if (!Array.isArray(choices) || choices.length !== 1) return undefined;
  const choice: unknown = choices[0];
  if (!isRecord(choice) || !isAbsent(choice.finish_reason)) return undefined;
  const { delta } = choice;
  if (!isRecord(delta)) return undefined;
  const { content } = delta;
  if (typeof content !== 'string' || content === '') return undefined;
  if (!isAbsent(delta.reasoning_content) || !isAbsent(delta.reasoning) || !isAbsent(delta.tool_calls)) {
    return undefined;
  }
  return content;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
