import { resolve } from 'node:path';
import { EXIT_FAILURE, EXIT_OK } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/commands.js';
import { starterFiles } from '../init/starter-files.js';
import { writeStarterFiles } from '../init/write-starter-files.js';

/**
 * `clawft init [--dir <path>] [--force]`: writes `clawft.json`, `clawft.example.md` (what each key does) and a
 * workspace with SOUL.md, AGENTS.md and USER.md. Refuses (exit 1, naming the files) when any exists, unless
 * `--force`. `--json` prints `{ written: [...] }` or `{ existing: [...] }`.
 */
export async function initCommand(context: CommandContext): Promise<number> {
  const { io, flags, options } = context;
  const dir = resolve(io.cwd, typeof options.dir === 'string' ? options.dir : '.');
  const result = await writeStarterFiles(dir, starterFiles(dir), {
    force: options.force === true,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  if (!result.ok) {
    if (flags.json) io.stdout(`${JSON.stringify({ existing: result.existing }, null, 2)}\n`);
    const list = result.existing.map((path) => `  ${path}\n`).join('');
    io.stderr(
      `clawft: init would overwrite these files; nothing was written:\n${list}Run again with --force to replace them, or choose another --dir.\n`,
    );
    return EXIT_FAILURE;
  }
  if (flags.json) {
    io.stdout(`${JSON.stringify({ written: result.written }, null, 2)}\n`);
    return EXIT_OK;
  }
  const list = result.written.map((path) => `  ${path}\n`).join('');
  io.stdout(
    `Wrote:\n${list}\nNext: set ANTHROPIC_API_KEY or OPENAI_API_KEY (or run offline), then\n  clawft status --config ${resolve(dir, 'clawft.json')}\n  clawft demo\n`,
  );
  return EXIT_OK;
}
