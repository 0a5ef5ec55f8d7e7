import { z } from 'zod';
import type { AnySchema } from './zod-walk.js';

/** Lower case without separators: `preference_order`, `preferenceOrder` and `preference-order` agree. */
const loose = (text: string): string => text.toLowerCase().replace(/[-_\s]/g, '');

/**
 * An enum value as the schema spells it when the config wrote another spelling of it (`round_robin` or
 * `roundRobin` for `round-robin`, as the Rust clawft and nanobot write); any other value is returned unchanged.
 */
export function enumSpelling(value: unknown, entries: Readonly<Record<string, string | number>>): unknown {
  if (typeof value !== 'string') return value;
  const options = Object.values(entries).filter((entry): entry is string => typeof entry === 'string');
  if (options.includes(value)) return value;
  return options.find((option) => loose(option) === loose(value)) ?? value;
}

/** Whether `null` is a value of the schema itself; if not, a `null` in the config means "not set". */
export function acceptsNull(schema: AnySchema): boolean {
  return z.safeParse(schema, null).success;
}

/** `null` where the key does not take null, or `""` where it cannot be empty but may be left out: not set. */
export function isUnset(value: unknown, schema: AnySchema): boolean {
  if (value === null) return !acceptsNull(schema);
  return value === '' && !z.safeParse(schema, '').success && z.safeParse(schema, undefined).success;
}

/** A key written in another unit, read into the schema's millisecond key. */
export interface UnitConversion {
  /** The schema key (`timeoutMs`). */
  target: string;
  value: unknown;
  message: string;
}

const SECONDS_SUFFIX = /^(.+?)[-_]?(?:seconds|secs|sec)$/i;
const MINUTES_SUFFIX = /^(.+?)[-_]?(?:minutes|mins)$/i;
/** Keys in seconds whose millisecond key has another stem (nanobot's MCP `tool_timeout`). */
const SECONDS_ALIASES: Readonly<Record<string, string>> = { toolTimeout: 'timeoutMs' };

/**
 * `window_seconds` → `windowMs` × 1000, `timeout` (seconds in the Rust clawft and nanobot) → `timeoutMs` × 1000,
 * `*_minutes` → `*Ms` × 60000, when the schema has that key. Undefined when the key is not one of these.
 */
export function convertUnit(
  key: string,
  camel: (key: string) => string,
  shape: Readonly<Record<string, AnySchema>>,
  value: unknown,
): UnitConversion | undefined {
  const candidates: [RegExpExecArray | null, number, string][] = [
    [SECONDS_SUFFIX.exec(key), 1000, 'seconds'],
    [MINUTES_SUFFIX.exec(key), 60_000, 'minutes'],
    [/^(.+)$/.exec(key), 1000, 'seconds'],
  ];
  for (const [match, factor, unit] of candidates) {
    const stem = match === null ? undefined : camel(match[1] ?? '');
    const target = stem === undefined ? undefined : (SECONDS_ALIASES[stem] ?? `${stem}Ms`);
    if (target === undefined || !Object.hasOwn(shape, target)) continue;
    const converted = typeof value === 'number' ? Math.round(value * factor) : value;
    const shown = typeof value === 'number' ? ` (${value} ${unit} = ${String(converted)} ms)` : '';
    const message = `"${key}" is read as ${unit} and converted to "${target}" in milliseconds${shown}; write "${target}" to say it in ms.`;
    return { target, value: converted, message };
  }
  return undefined;
}

/** Other projects' names for a schema key (the Rust clawft reads `baseUrl` as `apiBase`). */
export const KEY_ALIASES: Readonly<Record<string, string>> = { baseUrl: 'apiBase' };

/** Map keys that would name an object's prototype machinery rather than an entry: reported, never used. */
export const RESERVED_MAP_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
