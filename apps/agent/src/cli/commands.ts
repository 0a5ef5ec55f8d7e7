import { AGENT_COMMAND } from './agent-entry.js';
import type { CliIo } from './cli-io.js';
import { COSTS_COMMAND } from './costs-entry.js';
import { DEMO_COMMAND } from './demo-entry.js';
import { INIT_COMMAND } from './init-entry.js';
import { MCP_COMMAND } from './mcp-entry.js';
import type { CliFlags, CommandOptionSpec, CommandOptionValues } from './parse-cli-args.js';
import { SESSIONS_COMMAND } from './sessions-entry.js';

/** What `runCli` hands a command after the command line parsed. */
export interface CommandContext {
  io: CliIo;
  flags: CliFlags;
  /** Positional arguments after the command name. */
  args: readonly string[];
  /** Values of the command's own `options`. */
  options: CommandOptionValues;
  version: string;
}

/** A command's entry point: resolves to the process exit code; may throw (the CLI prints the error, exits 1). */
export type CommandRun = (context: CommandContext) => Promise<number>;

/** One line of the dispatch table. */
export interface CommandEntry {
  /** One line for `clawft --help`. */
  summary: string;
  /** Whether positional arguments after the command name are allowed. @default false */
  takesArgs?: boolean;
  /** The command's own options (besides the global ones), in `node:util` `parseArgs` form. */
  options?: CommandOptionSpec;
  /** `clawft <command> --help`: usage and option lines (the global options are appended). */
  help?: string;
  /**
   * Loads the command's module with `await import()`, so a command (and what it imports: the workspace
   * packages, zod, undici) costs nothing until it runs. `--version` and `--help` load none of them.
   */
  load(): Promise<CommandRun>;
}

/**
 * Every `clawft` command. A new command is one line here plus its module in `src/commands/`; keep the import
 * inside `load` (a static import would put the module on the startup path of every command).
 *
 * @example
 * serve: { summary: 'Run the HTTP gateway', load: async () => (await import('../commands/serve.js')).serveCommand },
 */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  agent: AGENT_COMMAND,
  serve: {
    summary: 'Run the HTTP gateway',
    load: async () => (await import('../commands/serve.js')).serveCommand,
  },
  worker: {
    summary: 'Run agent loops on the NATS JetStream stream shared with the gateways',
    load: async () => (await import('../commands/worker.js')).workerCommand,
  },
  status: {
    summary: 'Show the config in use, providers, reliability settings, MCP servers and routing',
    // --mcp starts the MCP servers to list their tools; spend against the budgets is always shown.
    options: { mcp: { type: 'boolean' } },
    load: async () => (await import('../commands/status.js')).statusCommand,
  },
  init: INIT_COMMAND,
  costs: COSTS_COMMAND,
  sessions: SESSIONS_COMMAND,
  mcp: MCP_COMMAND,
  demo: DEMO_COMMAND,
};

/** The table entry for `name`, or `undefined` for an unknown command (never an inherited property). */
export function findCommand(name: string): CommandEntry | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}
