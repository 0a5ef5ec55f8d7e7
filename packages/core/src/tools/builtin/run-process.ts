import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
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
    const stdout = capture(child.stdout, options.maxOutputBytes);
    const stderr = capture(child.stderr, options.maxOutputBytes);
    let timedOut = false;
    const killGroup = (): void => killProcessGroup(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    let grace: NodeJS.Timeout | undefined;
    const cleanUp = (): void => {
      clearTimeout(timer);
      clearTimeout(grace);
      options.signal.removeEventListener('abort', killGroup);
    };
    options.signal.addEventListener('abort', killGroup, { once: true });
    if (options.signal.aborted) killGroup();
    child.once('exit', () => {
      killGroup();
      // A process that left the group (setsid) may hold the pipes open; stop reading after a short grace.
      grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, 200);
    });
    child.once('error', (error) => {
      cleanUp();
      reject(error);
    });
    child.once('close', (exitCode, signal) => {
      cleanUp();
      const aborted = options.signal.aborted;
      resolve({ exitCode, signal, timedOut, aborted, stdout: stdout.text(), stderr: stderr.text() });
    });
  });
}

function capture(stream: Readable, maxBytes: number): CappedOutput {
  const output = new CappedOutput(maxBytes);
  stream.on('data', (chunk: Buffer) => output.push(chunk));
  return output;
}

/** SIGKILL to every process of the group led by `pid`; a group already gone (ESRCH) is fine. */
function killProcessGroup(pid: number | undefined): void {
  try {
    if (pid !== undefined) process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left to kill.
  }
}
