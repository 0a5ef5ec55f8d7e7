import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PathSegment } from './zod-walk.js';

/**
 * The config fields that hold filesystem paths, where `~` and `~/…` are expanded to the home directory.
 * `*` stands for any key of a map. This list is the only place that marks a field as a path.
 */
export const PATH_FIELDS: readonly (readonly string[])[] = [
  ['agents', 'defaults', 'workspace'],
  ['tools', 'mcpServers', '*', 'cwd'],
  ['observability', 'outcomesFile'],
];

/** `~` → the home directory, `~/x` → `<home>/x`; anything else (including `~user/x`) is returned unchanged. */
export function expandHome(path: string, homeDir: string = homedir()): string {
  if (path === '~') return homeDir;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homeDir, path.slice(2));
  return path;
}

/** Expands `~` in every path field of a parsed config, in place. */
export function expandPathFields(config: object, homeDir: string = homedir()): void {
  for (const field of PATH_FIELDS) expandAt(config, field, homeDir);
}

function expandAt(target: unknown, field: readonly PathSegment[], homeDir: string): void {
  if (typeof target !== 'object' || target === null) return;
  const [head, ...rest] = field;
  if (head === undefined) return;
  const record = target as Record<PropertyKey, unknown>;
  const keys = head === '*' ? Object.keys(record) : [head];
  for (const key of keys) {
    const value = record[key];
    if (rest.length > 0) expandAt(value, rest, homeDir);
    else if (typeof value === 'string') record[key] = expandHome(value, homeDir);
  }
}
