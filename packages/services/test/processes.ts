import { readdirSync, readFileSync } from 'node:fs';

/**
 * True while a process with this pid runs. `process.kill(pid, 0)` also succeeds for a zombie (dead, not yet
 * reaped), and an orphan's zombie lingers wherever PID 1 does not reap (as in some containers), so on Linux a
 * process in state `Z` counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `condition` every 10 ms until true or `timeoutMs` passes. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return condition();
}

/** One line of `/proc/<pid>/stat`: its parent, process group and state (`Z` for a zombie). */
function procStat(pid: number): { ppid: number; pgid: number; state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', ppid = '', pgid = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid), pgid: Number(pgid) };
  } catch {
    return undefined;
  }
}

/** Every process (zombies included) below `root` in the process tree; Linux only, else `[]`. */
export function descendants(root: number = process.pid): Array<{ pid: number; state: string }> {
  if (process.platform !== 'linux') return [];
  const children = new Map<number, Array<{ pid: number; state: string }>>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    const stat = Number.isInteger(pid) ? procStat(pid) : undefined;
    if (stat === undefined) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), { pid, state: stat.state }]);
  }
  const found: Array<{ pid: number; state: string }> = [];
  const queue = [root];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}
