import type { CommandEntry } from './commands.js';

/** `clawft sessions`: its table entry and help. */
export const SESSIONS_COMMAND: CommandEntry = {
  summary: 'List, show or delete the stored conversations',
  takesArgs: true,
  help: `Usage: clawft sessions [list] [--json]
       clawft sessions show <key> [--json]
       clawft sessions delete <key>

Sessions are read from the store bus.store names: JSONL files in <workspace>/sessions/, one per key (clawft
agent --session main uses cli:main), or with bus.store "nats" the JetStream stream bus.nats.sessionStream.
list prints each key with its message count and last write; show prints a history; delete removes one.
An unknown key exits 1.
`,
  load: async () => (await import('../commands/sessions.js')).sessionsCommand,
};
