#!/usr/bin/env node
// Checks what each workspace's tarball would hold (`npm pack --dry-run --json`, nothing is written):
// a LICENSE identical to the root one, every source map's sources inside the tarball, no build info, tests or
// fixtures, and `repository` (with `directory`) and `homepage` in package.json. Exits 1 listing every problem.
// Usage (from the root): node scripts/check-packages.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORKSPACES = ['packages/types', 'packages/llm', 'packages/core', 'packages/services', 'apps/agent'];
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const problems = [];

function packedFiles(dir) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: join(root, dir),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out)[0].files.map((file) => file.path);
}

function checkMaps(dir, files) {
  const packed = new Set(files);
  for (const map of files.filter((file) => file.endsWith('.map'))) {
    const { sources = [] } = JSON.parse(readFileSync(join(root, dir, map), 'utf8'));
    for (const source of sources) {
      const target = posix.normalize(posix.join(posix.dirname(map), source));
      if (!packed.has(target)) problems.push(`${dir}: ${map} points to ${target}, which is not packed`);
    }
  }
}

for (const dir of WORKSPACES) {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  if (manifest.repository?.directory !== dir)
    problems.push(`${dir}: package.json needs repository.directory "${dir}"`);
  if (typeof manifest.homepage !== 'string') problems.push(`${dir}: package.json needs a "homepage"`);
  if (!Array.isArray(manifest.files)) problems.push(`${dir}: package.json needs a "files" list`);
  const files = packedFiles(dir);
  if (!files.includes('LICENSE')) problems.push(`${dir}: the tarball has no LICENSE (add it to "files")`);
  else if (readFileSync(join(root, dir, 'LICENSE'), 'utf8') !== license)
    problems.push(`${dir}: LICENSE differs from the root LICENSE (copy the root one)`);
  for (const file of files.filter((path) => /tsbuildinfo|\.test\.|__fixtures__/.test(path)))
    problems.push(`${dir}: ${file} should not be packed`);
  checkMaps(dir, files);
}

if (problems.length > 0) {
  console.error(
    `check-packages: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `check-packages: ${WORKSPACES.length} tarballs hold LICENSE and the sources of their source maps`,
);
