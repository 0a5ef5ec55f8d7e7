import type { ConfigIssue } from '../errors/config-error.js';
import { formatPath, isPlainObject, type PathSegment } from './zod-walk.js';

/** `${NAME}` in a string value, as nanobot writes it (`nanobot/config/loader.py`). */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface ResolvedEnvRefs {
  value: unknown;
  /** One per reference to an unset variable, naming the path and the variable. */
  issues: ConfigIssue[];
}

/**
 * A copy of a config value with every `${NAME}` in a string value replaced by the environment variable's value
 * (map keys and object keys are left as written). A variable that is not set is an issue, never an empty
 * string or the literal text (which would be sent as a key while `status` said "key set").
 */
export function resolveEnvRefs(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  /** Maps a path to the spelling the user wrote, for issues. @default the path itself */
  written: (path: PathSegment[]) => PathSegment[] = (path) => path,
): ResolvedEnvRefs {
  const issues: ConfigIssue[] = [];
  const resolved = visit(value, { env, written, issues }, []);
  return { value: resolved, issues };
}

interface Walk {
  env: Readonly<Record<string, string | undefined>>;
  written: (path: PathSegment[]) => PathSegment[];
  issues: ConfigIssue[];
}

function visit(value: unknown, walk: Walk, path: PathSegment[]): unknown {
  if (typeof value === 'string') return value.includes('${') ? substitute(value, walk, path) : value;
  if (Array.isArray(value)) return value.map((item, index) => visit(item, walk, [...path, index]));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(copy, key, {
      value: visit(item, walk, [...path, key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function substitute(text: string, walk: Walk, path: PathSegment[]): string {
  return text.replace(REFERENCE, (reference, name: string) => {
    const found = walk.env[name];
    if (found !== undefined) return found;
    walk.issues.push({
      path: formatPath(walk.written(path)),
      received: reference,
      expected: `the environment variable ${name} to be set`,
      message: `refers to the environment variable ${name}, which is not set; set it (export ${name}=…) or write the value itself`,
    });
    return reference;
  });
}
