import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** One line a worker child prints per delivery it takes. */
export interface WorkerLine {
  id: string;
  content: string;
  count: number;
  pid: number;
}

/** A worker child process (test/fixtures/jetstream-worker.ts) and the deliveries it reported. */
export interface WorkerChild {
  readonly child: ChildProcess;
  readonly lines: WorkerLine[];
  readonly exited: Promise<unknown>;
  /** Resolves with the first line for which `match` holds. */
  next(match: (line: WorkerLine) => boolean): Promise<WorkerLine>;
}

/** Spawns a worker consuming with `config`, waiting `delayMs` per delivery; resolves once it consumes. */
export async function spawnWorker(config: object, delayMs: number): Promise<WorkerChild> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, '../fixtures/jetstream-worker.ts'),
      JSON.stringify({ config, delayMs }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: WorkerLine[] = [];
  const waiters = new Set<{ match: (line: WorkerLine) => boolean; resolve: (line: WorkerLine) => void }>();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${String(code)} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (text) => {
      const parsed = JSON.parse(text) as WorkerLine & { ready?: boolean };
      if (parsed.ready === true) return resolve();
      lines.push(parsed);
      for (const waiter of waiters) {
        if (!waiter.match(parsed)) continue;
        waiters.delete(waiter);
        waiter.resolve(parsed);
      }
    });
  });
  await ready;
  return {
    child,
    lines,
    exited,
    next: (match) => {
      const found = lines.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.add({ match, resolve }));
    },
  };
}

/** Stops a worker with SIGTERM (it closes its bus) and waits for it to exit. */
export async function stopWorker(worker: WorkerChild): Promise<void> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await worker.exited;
}
