// Bundles a TypeScript fixture into one ESM file, so a test that starts the fixture hundreds of times pays
// node's start-up only (about a quarter of the cost of `--import tsx`, which resolves and loads every module).
// esbuild is resolved from tsx, the workspace's TypeScript runner, which is built on it.
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** Writes `entry` bundled (dependencies included) to `<directory>/<name>.mjs` and returns that path. */
export async function bundleFixture(entry: string, directory: string, name: string): Promise<string> {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'));
  const esbuild = fromTsx('esbuild') as Esbuild;
  const outfile = join(directory, `${name}.mjs`);
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    minify: true,
    logLevel: 'error',
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return outfile;
}
