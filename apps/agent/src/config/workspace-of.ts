import { resolve } from 'node:path';
import type { Config } from '@clawft/types';

/** Absolute path of `agents.defaults.workspace` (`~` was expanded when the config loaded), against `cwd`. */
export function workspaceOf(config: Config, cwd: string): string {
  return resolve(cwd, config.agents.defaults.workspace);
}
