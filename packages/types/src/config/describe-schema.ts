import type { z } from 'zod';
import { type AnySchema, defOf } from './zod-walk.js';

type CheckDef = z.core.$ZodChecks['_zod']['def'];

function checkDefs(schema: AnySchema): CheckDef[] {
  return (defOf(schema).checks ?? []).map((check) => (check as z.core.$ZodChecks)._zod.def);
}

/** "a whole number from 0 to 20", "a number ≥ 0", "a whole number ≥ 1", … */
function describeNumber(schema: AnySchema): string {
  const checks = checkDefs(schema);
  const integer = checks.some((check) => check.check === 'number_format' && check.format.includes('int'));
  let min: string | undefined;
  let max: string | undefined;
  for (const check of checks) {
    if (check.check === 'greater_than') {
      const bound = Number(check.value);
      min = check.inclusive ? `${bound}` : integer ? `${Math.floor(bound) + 1}` : `> ${bound}`;
    } else if (check.check === 'less_than') {
      const bound = Number(check.value);
      max = check.inclusive ? `${bound}` : integer ? `${Math.ceil(bound) - 1}` : `< ${bound}`;
    }
  }
  const noun = integer ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined && !min.startsWith('>') && !max.startsWith('<')) {
    return `${noun} from ${min} to ${max}`;
  }
  const bounds = [
    min && (min.startsWith('>') ? min : `≥ ${min}`),
    max && (max.startsWith('<') ? max : `≤ ${max}`),
  ];
  return [noun, ...bounds.filter(Boolean)].join(' ');
}

function describeString(schema: AnySchema): string {
  const parts: string[] = [];
  let nonEmpty = false;
  for (const check of checkDefs(schema)) {
    if (check.check === 'string_format' && check.format === 'url')
      return 'a URL such as "https://api.example.com/v1"';
    if (check.check === 'string_format' && check.pattern) parts.push(`matching ${check.pattern}`);
    if (check.check === 'min_length' && check.minimum > 0) nonEmpty = true;
  }
  return [nonEmpty ? 'a non-empty string' : 'a string', ...parts].join(' ');
}

function describeList(schema: AnySchema, element: AnySchema): string {
  const check = checkDefs(schema).find((candidate) => candidate.check === 'min_length');
  const minimum = check?.check === 'min_length' ? check.minimum : 0;
  const list =
    minimum === 0 ? 'a list' : minimum === 1 ? 'a non-empty list' : `a list of at least ${minimum} items`;
  return `${list}, each item ${describeSchema(element)}`;
}

/**
 * What a schema expects, in words a config author understands: "a whole number ≥ 0",
 * "one of block | drop-oldest | drop-newest | reject", "true or false", "a list of …".
 */
export function describeSchema(schema: AnySchema): string {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return describeSchema(def.innerType);
    case 'nullable':
      return `${describeSchema(def.innerType)} or null`;
    case 'pipe':
      return describeSchema(def.in);
    case 'number':
      return describeNumber(schema);
    case 'string':
      return describeString(schema);
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${Object.values(def.entries).join(' | ')}`;
    case 'literal':
      return def.values.map((value) => JSON.stringify(value)).join(' or ');
    case 'array':
      return describeList(schema, def.element);
    case 'tuple':
      return `a list of exactly ${def.items.length} items: [${def.items.map(describeSchema).join(', ')}]`;
    case 'record':
      return `an object mapping names to ${describeSchema(def.valueType)}`;
    case 'object':
      return 'an object';
    case 'union':
      return def.options.map(describeSchema).join(', or ');
    default:
      return `a value of type ${def.type}`;
  }
}
