import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A child process running test/fixtures/cost-worker.ts, and the JSON lines it printed. */
export interface CostWorker {
  readonly child: ChildProcess;
  /** Every line printed so far. */
  readonly lines: readonly Record<string, unknown>[];
  /** Resolves with the first line that has `key`. */
  line(key: string): Promise<Record<string, unknown>>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
}

/** The fixture's source, for `bundleFixture` (a test that starts it many times runs the bundle). */
export const COST_WORKER_FIXTURE = join(import.meta.dirname, '../fixtures/cost-worker.ts');

/**
 * Spawns a cost worker with `args` (see the fixture), from `bundle` when given (see `bundleFixture`), else through
 * tsx; returns at once, read its lines with `line`.
 */
export function spawnCostWorker(args: object, bundle?: string): CostWorker {
  const script = bundle === undefined ? ['--import', 'tsx', COST_WORKER_FIXTURE] : [bundle];
  const child = spawn(process.execPath, [...script, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<{ key: string; resolve: (line: Record<string, unknown>) => void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stdout }).on('line', (text) => {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    lines.push(parsed);
    for (const waiter of waiters) {
      if (!(waiter.key in parsed)) continue;
      waiters.delete(waiter);
      waiter.resolve(parsed);
    }
  });
  return {
    child,
    lines,
    line: (key) => {
      const found = lines.find((line) => key in line);
      if (found !== undefined) return Promise.resolve(found);
      return Promise.race([
        new Promise<Record<string, unknown>>((resolve) => waiters.add({ key, resolve })),
        exited.then(() => Promise.reject(new Error(`cost worker exited before printing "${key}"`))),
      ]);
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
