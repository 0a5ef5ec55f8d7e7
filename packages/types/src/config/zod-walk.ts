import type { z } from 'zod';

/** Any zod 4 schema, seen through the core types so that `_zod.def.type` narrows the definition. */
export type AnySchema = z.core.$ZodType;
type KnownSchema = z.core.$ZodTypes;

/** One step of a path into a config: an object or map key, or an array index. */
export type PathSegment = string | number;

/** The schema's definition, narrowed by its `type` field. */
export function defOf(schema: AnySchema): KnownSchema['_zod']['def'] {
  return (schema as KnownSchema)._zod.def;
}

/**
 * Strips the wrappers that do not change a value's shape (optional, nullable, default, prefault, nonoptional,
 * readonly, catch, lazy, and the input side of a pipe) and returns the schema underneath. A `.refine()` in zod 4
 * is a check on the schema itself, not a wrapper, so it needs no unwrapping.
 */
export function unwrapSchema(schema: AnySchema): AnySchema {
  let current = schema;
  for (let depth = 0; depth < 32; depth += 1) {
    const def = defOf(current);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        current = def.innerType;
        break;
      case 'pipe':
        current = def.in;
        break;
      case 'lazy':
        current = def.getter();
        break;
      default:
        return current;
    }
  }
  return current;
}

/** The schema of one child (object key, map value, array item or tuple item), or undefined if there is none. */
export function childSchema(schema: AnySchema, segment: PathSegment): AnySchema | undefined {
  const def = defOf(unwrapSchema(schema));
  switch (def.type) {
    case 'object':
      return typeof segment === 'string' && Object.hasOwn(def.shape, segment)
        ? def.shape[segment]
        : undefined;
    case 'record':
      return def.valueType;
    case 'array':
      return def.element;
    case 'tuple':
      return typeof segment === 'number' ? (def.items[segment] ?? def.rest ?? undefined) : undefined;
    default:
      return undefined;
  }
}

/** Follows a (camelCase) path from `schema` down; undefined when the path leaves the schema. */
export function schemaAt(schema: AnySchema, path: readonly PathSegment[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (current === undefined) return undefined;
    current = childSchema(current, segment);
  }
  return current;
}

/** True for `{…}` values (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PLAIN_SEGMENT = /^[A-Za-z_$][\w$-]*$/;

/** Renders a path as a user reads it: `tools.mcpServers.github.env`, `routing.tiers[0]`, `pricing["openai/gpt-4o"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_SEGMENT.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '(root)' : text;
}
