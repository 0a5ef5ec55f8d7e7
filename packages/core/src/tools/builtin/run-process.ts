import { spawn } from 'node:child_process';
import { CappedOutput } from './capped-output.js';

export interface ProcessOutcome {
  exitCode: number | null;
  /** The signal that ended the shell, e.g. `SIGKILL` after a timeout. */
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  stdout: string;
  stderr: string;
}

export interface RunProcessOptions {
  cwd: string;
  timeoutMs: number;
  /** Bytes kept per stream. */
  maxOutputBytes: number;
  signal: AbortSignal;
  /** The child's environment. */
  env: NodeJS.ProcessEnv;
}

/**
 * Runs `command` with `/bin/sh -c` in its own process group. On timeout or abort the whole group gets SIGKILL, and
 * once the shell exits any background job it left in its group is killed too, so no process outlives the call.
 */
export function runProcess(command: string, options: RunProcessOptions): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = new CappedOutput(options.maxOutputBytes);
    const stderr = new CappedOutput(options.maxOutputBytes);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onAbort = (): void => killGroup();
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.signal.aborted) killGroup();
    let grace: NodeJS.Timeout | undefined;
    child.once('exit', () => {
      killGroup();
      // A process that left the group (setsid) may hold the pipes open; stop reading after a short grace.
      grace = setTimeout(() => child.stdout.destroy() && child.stderr.destroy(), 200);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      clearTimeout(grace);
      options.signal.removeEventListener('abort', onAbort);
      const aborted = options.signal.aborted;
      resolve({ exitCode, signal, timedOut, aborted, stdout: stdout.text(), stderr: stderr.text() });
    });
  });
}
