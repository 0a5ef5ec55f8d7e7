/**
 * The text of an event that is nothing but a text delta — `{ type: 'content_block_delta', index, delta: { type:
 * 'text_delta', text } }`, the shape of nearly every event of an answer — or undefined for any other event, which
 * `EventSchema` then reads. It reads exactly the fields the schema reads and accepts only values the schema accepts,
 * so for the events it takes the decoded result is the schema's (a test checks both paths agree, see
 * `plain-text-fast-path.test.ts`); it only saves the schema's copy of each event.
 */
export function plainTextDelta(json: Record<string, unknown>): string | undefined {
  const { type, index, delta } = json;
  if (type !== 'content_block_delta' || !Number.isInteger(index) || (index as number) < 0) return undefined;
  if (typeof delta !== 'object' || delta === null || Array.isArray(delta)) return undefined;
  const { type: deltaType, text, thinking, partial_json } = delta as Record<string, unknown>;
  if (deltaType !== 'text_delta' || typeof text !== 'string' || text === '') return undefined;
  return isAbsent(thinking) && isAbsent(partial_json) ? text : undefined;
}

// At module level: a closure made per event costs an allocation (and, under a transform that keeps function
// names, a defineProperty) on the hottest path of the provider.
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}
