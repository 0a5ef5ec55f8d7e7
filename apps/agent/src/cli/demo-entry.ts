import type { CommandEntry } from './commands.js';

/** `clawft demo`: its table entry and help. */
export const DEMO_COMMAND: CommandEntry = {
  summary: 'A guided tour of the reliability features against fake providers, with measured numbers',
  help: `Usage: clawft demo

Runs the real agent loop against fake providers on 127.0.0.1 (no network, no API key, no config) in a temp
workspace and prints, with measured numbers: three tools in parallel, a mid-stream failover with a reset, a
429 honoured (Retry-After), a circuit opening and closing, a budget refusing a sender, and spend per sender.
Takes a few seconds.
`,
  load: async () => (await import('../commands/demo.js')).demoCommand,
};
