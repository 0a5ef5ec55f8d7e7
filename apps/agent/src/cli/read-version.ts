import { readFileSync } from 'node:fs';

/** The app's version, from its package.json (two directories above this file, in `src/` and in `dist/`). */
export function readVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version =
    typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, 'version') : undefined;
  if (typeof version !== 'string') throw new TypeError('apps/agent/package.json has no "version" string');
  return version;
}
