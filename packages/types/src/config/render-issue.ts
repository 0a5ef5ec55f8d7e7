import type { z } from 'zod';
import type { ConfigIssue } from '../errors/config-error.js';
import { isSecretKey } from '../redact/redact.js';
import { describeSchema } from './describe-schema.js';
import { pathKey } from './normalize-keys.js';
import { renderValue } from './render-value.js';
import { type AnySchema, formatPath, type PathSegment, schemaAt } from './zod-walk.js';

/** What `renderIssue` needs besides the issue: the normalised value and how each path was written. */
export interface IssueContext {
  schema: AnySchema;
  value: unknown;
  writtenPaths: ReadonlyMap<string, readonly PathSegment[]>;
}

/** The normalised path mapped back to the spelling the user wrote (`agents.defaults.max_tokens`). */
export function writtenPath(
  path: readonly PathSegment[],
  writtenPaths: IssueContext['writtenPaths'],
): PathSegment[] {
  for (let length = path.length; length >= 0; length -= 1) {
    const written = writtenPaths.get(pathKey(path.slice(0, length)));
    if (written !== undefined) return [...written, ...path.slice(length)];
  }
  return [...path];
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * A value is shown as `[redacted]` when its key looks secret, whatever its type: a key written as an array or
 * an object (`"apiKey": ["sk-…"]`) is a secret all the same.
 */
function isSecretValue(written: readonly PathSegment[]): boolean {
  const key = written.at(-1);
  return typeof key === 'string' && isSecretKey(key);
}

function expectedFor(
  issue: z.core.$ZodIssue,
  path: readonly PathSegment[],
  leaf: AnySchema | undefined,
): string {
  if (issue.code === 'custom') return issue.message;
  if (path.length === 0) return 'an object (the top level of a config is { … })';
  return leaf === undefined ? issue.message : describeSchema(leaf);
}

/**
 * Turns one zod issue into a `ConfigIssue`: the path as the user wrote it, a short redacted rendering of the
 * value received, and what was expected in plain words.
 */
export function renderIssue(issue: z.core.$ZodIssue, context: IssueContext): ConfigIssue {
  const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  const written = writtenPath(path, context.writtenPaths);
  const leaf = schemaAt(context.schema, path);
  const value = valueAt(context.value, path);
  const received = renderValue(value, { secret: isSecretValue(written) });
  const expected = expectedFor(issue, path, leaf);
  let message: string;
  if (issue.code === 'custom') message = `${issue.message} (received ${received})`;
  else if (value === undefined) message = `missing; expected ${expected}`;
  else message = `expected ${expected}, received ${received}`;
  return { path: formatPath(written), received, expected, message };
}
