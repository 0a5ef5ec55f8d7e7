import type { CommandEntry } from './commands.js';

/** `clawft init`: its table entry, with its own options and help. */
export const INIT_COMMAND: CommandEntry = {
  summary: 'Write a starter config and a workspace with SOUL.md, AGENTS.md, USER.md',
  options: {
    dir: { type: 'string' },
    force: { type: 'boolean' },
  },
  help: `Usage: clawft init [--dir <path>] [--force] [--json]

Writes clawft.json (the workspace path set to <dir>/workspace), clawft.example.md (what each key does: JSON
has no comments) and <dir>/workspace with SOUL.md, AGENTS.md and USER.md templates. Writes nothing and exits 1,
naming the files, when any of them exists, unless --force.

Options:
      --dir <path>  Directory to write into @default the current directory
      --force       Overwrite files that exist
      --json        Print { "written": [...] } (or { "existing": [...] } on refusal)
`,
  load: async () => (await import('../commands/init.js')).initCommand,
};
