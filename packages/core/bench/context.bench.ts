// Prompt build time, cold cache vs warm cache, with 5 bootstrap files, a memory file and 100 skills.
// Run: cd packages/core && node --expose-gc --import tsx bench/context.bench.ts   (or `pnpm bench context`)
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ContextBuilder } from '../src/context/context-builder.js';
import { FileCache } from '../src/context/file-cache.js';
import { SkillsLoader } from '../src/skills/skills-loader.js';

const SKILLS = 100;
const ROUNDS = 60;
const WARM_PER_ROUND = 10;

async function makeWorkspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clawft-context-bench-'));
  const files: Record<string, string> = { 'memory/MEMORY.md': 'Remember this.\n'.repeat(100) };
  for (const name of ['SOUL.md', 'IDENTITY.md', 'AGENTS.md', 'USER.md', 'TOOLS.md']) {
    files[name] = `# ${name}\n${'Some guidance for the agent.\n'.repeat(80)}`;
  }
  for (let i = 0; i < SKILLS; i += 1) {
    const name = `skill-${i}`;
    const frontmatter = `---\nname: ${name}\ndescription: Does task number ${i} well\nversion: 1.0.${i}\nallowed-tools: Read, Grep\n---\n`;
    files[`skills/${name}/SKILL.md`] = `${frontmatter}${'Step by step instructions.\n'.repeat(60)}`;
  }
  // Bootstrap files and skills are edited rarely: give them an mtime well in the past, as on a real workspace.
  const old = (Date.now() - 3_600_000) / 1000;
  for (const [relative, text] of Object.entries(files)) {
    const file = join(dir, relative);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    await utimes(file, old, old);
  }
  return dir;
}

function builderFor(dir: string, watch: boolean): { builder: ContextBuilder; cache: FileCache } {
  const cache = new FileCache({ watch });
  const skills = new SkillsLoader({
    roots: [{ directory: join(dir, 'skills'), source: 'workspace' }],
    cache,
  });
  return { builder: new ContextBuilder({ workspace: dir, cache, skills }), cache };
}

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95) };
}

async function time(runs: number, build: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await build();
    samples.push(performance.now() - start);
  }
  return samples;
}

const dir = await makeWorkspace();
try {
  // Rounds interleave cold and warm builds, so a load spike from other processes hits both alike.
  const polling = builderFor(dir, false);
  const watching = builderFor(dir, true);
  await polling.builder.buildSystemPrompt();
  await watching.builder.buildSystemPrompt();
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the watchers start
  await time(5, () => builderFor(dir, false).builder.buildSystemPrompt()); // JIT and page-cache warm-up
  const samples = { cold: [] as number[], polling: [] as number[], watching: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    samples.cold.push(...(await time(1, () => builderFor(dir, false).builder.buildSystemPrompt())));
    samples.polling.push(...(await time(WARM_PER_ROUND, () => polling.builder.buildSystemPrompt())));
    samples.watching.push(...(await time(WARM_PER_ROUND, () => watching.builder.buildSystemPrompt())));
  }
  polling.cache.close();
  watching.cache.close();
  const cold = stats(samples.cold);
  const row = (name: string, s: { median: number; p95: number }): string =>
    `| ${name} | ${s.median.toFixed(3)} | ${s.p95.toFixed(3)} | ${(cold.median / s.median).toFixed(1)}× |`;
  console.log(
    `5 bootstrap files + MEMORY.md + ${SKILLS} skills; ${ROUNDS} rounds of 1 cold + ${WARM_PER_ROUND} warm builds each, interleaved\n`,
  );
  console.log('| build | median ms | p95 ms | speed-up vs cold |');
  console.log('|---|---|---|---|');
  console.log(row('cold (new cache: stat + read + parse every file)', cold));
  console.log(row('warm, polling (one stat per file, no read, no parse, no render)', stats(samples.polling)));
  console.log(row('warm, fs.watch (no stat while the directories are quiet)', stats(samples.watching)));
} finally {
  await rm(dir, { recursive: true, force: true });
}
