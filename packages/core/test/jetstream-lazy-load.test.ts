import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return Promise.resolve(entry.name.endsWith('.ts') ? [path] : []);
    }),
  );
  return nested.flat();
}

describe('@clawft/core without NATS', () => {
  it('imports the @nats-io packages for types only, except inside createJetStreamBus', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      const text = await readFile(file, 'utf8');
      // A value import (`import { x } from '@nats-io/…'`) would load the client with @clawft/core.
      for (const match of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'@nats-io\/[^']+';/gms)) {
        offenders.push(`${file}: ${match[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('loads @clawft/core in a process where the NATS client is never imported', async () => {
    const { spawnSync } = await import('node:child_process');
    const loader = `export async function resolve(specifier, context, next) {
      if (specifier.startsWith('@nats-io/')) throw new Error('loaded ' + specifier);
      return next(specifier, context);
    }`;
    const script = [
      "import { register } from 'node:module';",
      `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(loader)}`)});`,
      "const core = await import('@clawft/core');",
      'new core.MessageBus();',
      "console.log('ok');",
    ].join('\n');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..'),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('ok');
  });
});
