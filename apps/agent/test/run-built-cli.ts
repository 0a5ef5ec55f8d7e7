import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built entry point the `clawft` bin runs. Tests exercise it, not the sources. */
export const CLI_PATH = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node [nodeArgs] dist/cli.js …args` as a real child process with exactly the given environment (plus
 * PATH) and waits for it to exit.
 */
export function runBuiltCli(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; nodeArgs?: readonly string[] },
): Promise<CliRun> {
  if (!existsSync(CLI_PATH))
    throw new Error(`${CLI_PATH} is missing: run "npx tsc -b tsconfig.build.json" first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI_PATH, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
