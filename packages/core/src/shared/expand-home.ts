import { resolve } from 'node:path';
import { expandHome as expandTilde } from '@clawft/types';

/** Resolves `path` to an absolute one, expanding a leading `~` as config.json's `workspace` may use. */
export function expandHome(path: string): string {
  return resolve(expandTilde(path));
}
