import { type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './cli-io.js';
import { findCommand } from './commands.js';
import { parseCliArgs } from './parse-cli-args.js';
import { readVersion } from './read-version.js';
import { commandHelp, USAGE } from './usage.js';

// This module and its static imports are the startup path of every invocation: node built-ins only. Commands
// and the error formatter (which needs @clawft/types) are loaded with `await import()` when they are used.

function usageError(io: CliIo, message: string): number {
  io.stderr(`clawft: ${message}\n\n${USAGE}`);
  return EXIT_USAGE;
}

/** Runs one `clawft` invocation and returns its exit code. Errors are printed, never thrown. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(argv, (name) => findCommand(name)?.options);
  if (!parsed.ok) return usageError(io, parsed.message);
  const { command, args, flags, options } = parsed;
  const version = readVersion();
  if (flags.version) {
    io.stdout(`${version}\n`);
    return EXIT_OK;
  }
  if (command === undefined) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const entry = findCommand(command);
  if (entry === undefined) return usageError(io, `unknown command "${command}"`);
  if (flags.help) {
    io.stdout(commandHelp(command, entry));
    return EXIT_OK;
  }
  if (entry.takesArgs !== true && args.length > 0) {
    return usageError(io, `"${command}" takes no arguments (got ${args.join(' ')})`);
  }
  try {
    const run = await entry.load();
    return await run({ io, flags, args, options, version });
  } catch (error) {
    const { formatError } = await import('./format-error.js');
    io.stderr(formatError(error));
    return EXIT_FAILURE;
  }
}
