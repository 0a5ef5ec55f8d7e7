import type { ConfigIssue } from '../errors/config-error.js';
import { toCamelCase } from './key-case.js';
import { duplicateKey, reservedKey, unknownKey } from './key-issues.js';
import {
  acceptsNull,
  convertUnit,
  enumSpelling,
  isUnset,
  KEY_ALIASES,
  RESERVED_MAP_KEYS,
} from './value-spelling.js';
import {
  type AnySchema,
  defOf,
  formatPath,
  isPlainObject,
  type PathSegment,
  unwrapSchema,
} from './zod-walk.js';

/** Something in the config worth knowing that does not stop it loading (an unknown key, say). */
export interface ConfigWarning {
  /** The path as written in the config, e.g. `agents.defaults.max_token`. */
  path: string;
  message: string;
  /** The known key the unknown one most likely meant, when one is close. */
  suggestion?: string;
}

/** What `normalizeKeys` produced: the value with camelCase schema keys, and what it found on the way. */
export interface NormalizedConfig {
  value: unknown;
  warnings: ConfigWarning[];
  /** Settings given twice under two spellings (`max_tokens` and `maxTokens`). */
  conflicts: ConfigIssue[];
  /** Normalised path (joined with NUL) → the path as the user wrote it. */
  writtenPaths: Map<string, PathSegment[]>;
}

interface Walk {
  warnings: ConfigWarning[];
  conflicts: ConfigIssue[];
  writtenPaths: Map<string, PathSegment[]>;
}

/** The key under which a normalised path is stored in `writtenPaths`. */
export function pathKey(path: readonly PathSegment[]): string {
  return path.join('\u0000');
}

/** Root keys accepted without a warning though the schema does not have them (editor tooling, a note). */
const IGNORED_ROOT_KEYS = new Set(['$schema', '$comment']);

/**
 * Walks `value` alongside `schema` and renames object keys written in snake_case or kebab-case to the schema's
 * camelCase keys. Map keys (`z.record`: provider slots, env variable names, header names, sender ids, server
 * names, model ids) are never renamed, though their values are walked with the record's value schema. Unknown
 * keys are dropped and reported as warnings.
 */
export function normalizeKeys(value: unknown, schema: AnySchema): NormalizedConfig {
  const walk: Walk = { warnings: [], conflicts: [], writtenPaths: new Map() };
  const normalized = visit(value, schema, walk, [], []);
  return { value: normalized, ...walk };
}

function visit(
  value: unknown,
  schema: AnySchema,
  walk: Walk,
  path: PathSegment[],
  written: PathSegment[],
): unknown {
  walk.writtenPaths.set(pathKey(path), written);
  const def = defOf(unwrapSchema(schema));
  switch (def.type) {
    case 'object':
      return isPlainObject(value) ? visitObject(value, def.shape, walk, path, written) : value;
    case 'record':
      return isPlainObject(value) ? visitRecord(value, def.valueType, walk, path, written) : value;
    case 'enum':
      return enumSpelling(value, def.entries);
    case 'array':
      return Array.isArray(value)
        ? value.map((item, index) => visit(item, def.element, walk, [...path, index], [...written, index]))
        : value;
    case 'tuple':
      if (!Array.isArray(value)) return value;
      return value.map((item, index) => {
        const itemSchema = def.items[index] ?? def.rest;
        return itemSchema ? visit(item, itemSchema, walk, [...path, index], [...written, index]) : item;
      });
    case 'union':
      return visitUnion(value, def.options, walk, path, written);
    default:
      return value;
  }
}

function visitObject(
  value: Record<string, unknown>,
  shape: Readonly<Record<string, AnySchema>>,
  walk: Walk,
  path: PathSegment[],
  written: PathSegment[],
): Record<string, unknown> {
  const known = Object.keys(shape);
  const result: Record<string, unknown> = {};
  const spelledAs = new Map<string, string>();
  for (const [key, writtenItem] of Object.entries(value)) {
    let item = writtenItem;
    let target = Object.hasOwn(shape, key) ? key : toCamelCase(key);
    if (!Object.hasOwn(shape, target) && Object.hasOwn(KEY_ALIASES, target))
      target = KEY_ALIASES[target] as string;
    if (!Object.hasOwn(shape, target)) {
      const conversion = convertUnit(key, toCamelCase, shape, item);
      if (conversion === undefined) {
        if (path.length > 0 || !IGNORED_ROOT_KEYS.has(key))
          walk.warnings.push(unknownKey([...written, key], known));
        continue;
      }
      walk.warnings.push({ path: formatPath([...written, key]), message: conversion.message });
      ({ target, value: item } = conversion);
    }
    const itemSchema = shape[target] as AnySchema;
    // `null` means "not set" (the Rust clawft and nanobot write `"api_base": null`) unless the key takes null;
    // so does "" where the key cannot be empty but may be left out (nanobot writes `"url": ""`).
    if (isUnset(item, itemSchema)) continue;
    const earlier = spelledAs.get(target);
    if (earlier !== undefined) {
      walk.conflicts.push(duplicateKey([...written, earlier], [...written, key], item));
      continue;
    }
    spelledAs.set(target, key);
    setOwn(result, target, visit(item, itemSchema, walk, [...path, target], [...written, key]));
  }
  return result;
}

/** Picks the first union member that takes the value without unknown keys (or else the first object member). */
function visitUnion(
  value: unknown,
  options: readonly AnySchema[],
  walk: Walk,
  path: PathSegment[],
  written: PathSegment[],
): unknown {
  if (typeof value !== 'object' || value === null) return value;
  let fallback: { value: unknown; walk: Walk } | undefined;
  for (const option of options) {
    const kind = defOf(unwrapSchema(option)).type;
    if (!['object', 'record', 'array', 'tuple', 'union'].includes(kind)) continue;
    const trial: Walk = { warnings: [], conflicts: [], writtenPaths: new Map() };
    const result = { value: visit(value, option, trial, path, written), walk: trial };
    if (trial.warnings.length === 0 && trial.conflicts.length === 0) return merge(walk, result);
    fallback ??= result;
  }
  return fallback === undefined ? value : merge(walk, fallback);
}

function merge(walk: Walk, result: { value: unknown; walk: Walk }): unknown {
  walk.warnings.push(...result.walk.warnings);
  walk.conflicts.push(...result.walk.conflicts);
  for (const [key, written] of result.walk.writtenPaths) walk.writtenPaths.set(key, written);
  return result.value;
}

/** Map keys are kept as written; `__proto__`/`constructor` are reported, and a `null` entry means "not set". */
function visitRecord(
  value: Record<string, unknown>,
  valueType: AnySchema,
  walk: Walk,
  path: PathSegment[],
  written: PathSegment[],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (RESERVED_MAP_KEYS.has(key)) {
      walk.conflicts.push(reservedKey([...written, key]));
      continue;
    }
    if (item === null && !acceptsNull(valueType)) continue;
    setOwn(result, key, visit(item, valueType, walk, [...path, key], [...written, key]));
  }
  return result;
}

/** Defines an own property, so that a map key such as `__proto__` stays data and never touches the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
