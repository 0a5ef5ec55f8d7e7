import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A line a loop worker child prints when it starts a tool call. */
export interface ToolLine {
  tool: string;
  callId: string;
  pid: number;
}

/** A loop worker child process (test/fixtures/loop-worker.ts) and the tool calls it reported. */
export interface LoopWorker {
  readonly child: ChildProcess;
  readonly tools: ToolLine[];
  readonly exited: Promise<unknown>;
}

/** Spawns a loop worker on `config` (config.json, its bus on JetStream), watching `sessionKey`; resolves once ready. */
export async function spawnLoopWorker(config: object, sessionKey: string): Promise<LoopWorker> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, '../fixtures/loop-worker.ts'),
      JSON.stringify({ config, sessionKey }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const tools: ToolLine[] = [];
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`loop worker exited with ${String(code)} before it was ready`)),
    );
    createInterface({ input: child.stdout }).on('line', (text) => {
      const parsed = JSON.parse(text) as ToolLine & { ready?: boolean };
      if (parsed.ready === true) resolve();
      else tools.push(parsed);
    });
  });
  return { child, tools, exited };
}

/** Stops a worker with SIGTERM (it shuts its loop down and closes its bus) and waits for it to exit. */
export async function stopLoopWorker(worker: LoopWorker): Promise<void> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await worker.exited;
}
