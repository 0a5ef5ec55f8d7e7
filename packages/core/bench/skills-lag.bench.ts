// Event-loop lag while SkillsLoader loads 500 skills cold (issue 6, D11: max lag < 50 ms), against the lag of
// an idle loop over the same time (the machine's own noise), measured side by side, interleaved. Markdown table.
// Run: cd packages/core && pnpm bench skills-lag   (or node --expose-gc --import tsx bench/skills-lag.bench.ts)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SkillsLoader } from '../src/skills/skills-loader.js';

const SKILLS = 500;
const ROUNDS = 15;

async function makeSkills(dir: string): Promise<void> {
  for (let i = 0; i < SKILLS; i += 1) {
    const name = `skill-${String(i).padStart(3, '0')}`;
    await mkdir(join(dir, name), { recursive: true });
    await writeFile(
      join(dir, name, 'SKILL.md'),
      `---\nname: ${name}\ndescription: ${name}\n---\n${'b'.repeat(2000)}`,
    );
  }
}

/** Max event-loop lag in ms (resolution 5 ms) while `work` runs, after a full GC. */
async function maxLagMs(work: () => Promise<unknown>): Promise<number> {
  globalThis.gc?.();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  await work();
  histogram.disable();
  return histogram.max / 1e6;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const max = (values: number[]) => Math.max(...values);

const dir = await mkdtemp(join(tmpdir(), 'clawft-skills-lag-bench-'));
try {
  await makeSkills(dir);
  const roots = [{ directory: dir, source: 'workspace' as const }];
  const loading: number[] = [];
  const idle: number[] = [];
  const durations: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    let took = 0;
    loading.push(
      await maxLagMs(async () => {
        const started = performance.now();
        const { skills } = await new SkillsLoader({ roots }).load();
        took = performance.now() - started;
        if (skills.length !== SKILLS) throw new Error(`expected ${SKILLS} skills, got ${skills.length}`);
      }),
    );
    durations.push(took);
    idle.push(await maxLagMs(() => sleep(Math.max(took, 10))));
  }
  console.log(
    `${ROUNDS} rounds, each: one cold load of ${SKILLS} skills, then an idle wait as long as it took\n`,
  );
  console.log('| loop | median max lag ms | worst max lag ms |');
  console.log('| --- | ---: | ---: |');
  console.log(`| loading ${SKILLS} skills | ${median(loading).toFixed(1)} | ${max(loading).toFixed(1)} |`);
  console.log(`| idle (same duration) | ${median(idle).toFixed(1)} | ${max(idle).toFixed(1)} |`);
  console.log(`\nload duration median ${median(durations).toFixed(1)} ms`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
