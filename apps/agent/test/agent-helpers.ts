import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_PATH } from './run-built-cli.js';

/** The reference MCP server, from the app's devDependencies. */
export const EVERYTHING = fileURLToPath(
  new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);

/** Writes `value` as JSON to `dir/clawft.json` and returns the path. */
export async function writeConfig(dir: string, value: unknown): Promise<string> {
  const path = join(dir, 'clawft.json');
  await writeFile(path, JSON.stringify(value, null, 2));
  return path;
}

/** Live (non-zombie) processes other than this one whose environment holds `marker` (`/proc/<pid>/environ`). */
export function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) found.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes; resolves with the last result. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

/** A CLI run in a pseudo-terminal (util-linux `script`), driven by writing keys to it. */
export interface PtyRun {
  child: ChildProcessWithoutNullStreams;
  /** Everything the terminal showed so far. */
  output(): string;
  /** Resolves once the output (from `from` on) contains `text`; rejects after `timeoutMs`. */
  waitFor(text: string, options?: { from?: number; timeoutMs?: number }): Promise<number>;
  exit: Promise<number | null>;
}

/** Runs `node dist/cli.js …args` under `script -qefc` so that stdin and stdout are a real TTY. */
export function runInPty(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): PtyRun {
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const command = [process.execPath, CLI_PATH, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qefc', `stty cols 100; exec ${command}`, '/dev/null'], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...options.env },
  });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    async waitFor(wanted, { from = 0, timeoutMs = 30_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const at = text.indexOf(wanted, from);
        if (at >= 0) return at + wanted.length;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`timed out waiting for ${JSON.stringify(wanted)}; the terminal showed:\n${text}`);
    },
    exit,
  };
}
