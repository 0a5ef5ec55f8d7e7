import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Resolves `path`, expanding a leading `~` to the user's home directory (as config.json's `workspace` may use). */
export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homedir(), path.slice(2));
  return resolve(path);
}
