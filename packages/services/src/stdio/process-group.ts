import type { ChildProcess } from 'node:child_process';

/** Sends `signal` to the process group led by `pid` (spawned `detached`), or to `pid` alone when `group` is false. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals, group = true): boolean {
  try {
    process.kill(group && process.platform !== 'win32' ? -pid : pid, signal);
    return true;
  } catch {
    // ESRCH: nobody left in the group. EPERM: not ours to signal. Either way there is nothing more to do.
    return false;
  }
}

/** True once the child has exited (its exit code or signal is known). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves `true` when `child` exits within `timeoutMs`, `false` otherwise. Leaves no timer or listener. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    child.once('exit', onExit);
  });
}

/** Options for `terminate`. */
export interface TerminateOptions {
  /** Wait after closing stdin before SIGTERM, in ms. */
  closeGraceMs: number;
  /** Wait after SIGTERM before SIGKILL, in ms. */
  killGraceMs: number;
  /** Signal the child's whole process group (it was spawned `detached`). */
  group: boolean;
}

/**
 * Ends a child: closes its stdin and waits, then SIGTERM and waits, then SIGKILL; resolves once it has exited.
 * With `group`, signals go to the process group, and a final SIGKILL ends whatever the leader left behind.
 */
export async function terminate(child: ChildProcess, options: TerminateOptions): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  child.stdin?.end();
  if (!(await waitForExit(child, options.closeGraceMs))) {
    signalProcessGroup(pid, 'SIGTERM', options.group);
    if (!(await waitForExit(child, options.killGraceMs))) {
      signalProcessGroup(pid, 'SIGKILL', options.group);
      await waitForExit(child, 60_000);
    }
  }
  if (options.group) signalProcessGroup(pid, 'SIGKILL');
}
