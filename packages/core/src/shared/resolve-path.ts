import { resolve } from 'node:path';
import { expandHome } from '@clawft/types';

/** Resolves `path` to an absolute one, expanding a leading `~` as config.json's `workspace` may use. */
export function resolvePath(path: string): string {
  return resolve(expandHome(path));
}
