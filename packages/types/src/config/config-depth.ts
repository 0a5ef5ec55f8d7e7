import type { PathSegment } from './zod-walk.js';

/** Deepest nesting a config may have; real configs stay under ten levels. */
export const MAX_CONFIG_DEPTH = 64;

/**
 * The path (first `MAX_CONFIG_DEPTH` segments) of a value nested deeper than `MAX_CONFIG_DEPTH`, or undefined.
 * Iterative, so a 5,000-level value cannot overflow the stack here or in the recursive walks that follow it.
 */
export function findTooDeep(value: unknown, maxDepth = MAX_CONFIG_DEPTH): PathSegment[] | undefined {
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value, path: [] }];
  const seen = new Set<object>();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null || seen.has(item.value)) continue;
    if (item.path.length >= maxDepth) return item.path;
    seen.add(item.value);
    const entries: [PathSegment, unknown][] = Array.isArray(item.value)
      ? item.value.map((child, index) => [index, child])
      : Object.entries(item.value);
    for (const [key, child] of entries) stack.push({ value: child, path: [...item.path, key] });
  }
  return undefined;
}
