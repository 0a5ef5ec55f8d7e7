import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listConfigPaths } from '../src/config/config-paths.js';
import { ConfigSchema, parseConfig } from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');

/** The key named in the first cell of each reference table row: | `routing.tiers[].name` | … */
function documentedPaths(): string[] {
  return [...doc.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((match) => match[1] ?? '');
}

/** The first ```json block of the doc: the full example config. */
function exampleConfig(): unknown {
  const block = /```json\n([\s\S]*?)\n```/.exec(doc);
  if (block?.[1] === undefined) throw new Error('docs/configuration.md has no ```json example');
  return JSON.parse(block[1]);
}

describe('docs/configuration.md', () => {
  it('documents every key of the config schema', () => {
    const missing = listConfigPaths(ConfigSchema).filter((path) => !documentedPaths().includes(path));
    expect(missing).toEqual([]);
  });

  it('documents no key the schema lacks, and each key once', () => {
    const known = new Set(listConfigPaths(ConfigSchema));
    const documented = documentedPaths();
    expect(documented.filter((path) => !known.has(path))).toEqual([]);
    expect(documented.filter((path, index) => documented.indexOf(path) !== index)).toEqual([]);
  });

  it('opens with a full example config that parses without warnings', () => {
    expect(parseConfig(exampleConfig()).warnings).toEqual([]);
  });
});
