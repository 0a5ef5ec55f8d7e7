import { statusCommand } from '../commands/status.js';
import { type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './cli-io.js';
import { formatError } from './format-error.js';
import { parseCliArgs } from './parse-cli-args.js';
import { readVersion } from './read-version.js';
import { USAGE } from './usage.js';

function usageError(io: CliIo, message: string): number {
  io.stderr(`clawft: ${message}\n\n${USAGE}`);
  return EXIT_USAGE;
}

/** Runs one `clawft` invocation and returns its exit code. Errors are printed, never thrown. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) return usageError(io, parsed.message);
  const { command, args, flags } = parsed;
  const version = readVersion();
  if (flags.version) {
    io.stdout(`${version}\n`);
    return EXIT_OK;
  }
  if (flags.help || command === undefined) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (command !== 'status') return usageError(io, `unknown command "${command}"`);
  if (args.length > 0) return usageError(io, `"status" takes no arguments (got ${args.join(' ')})`);
  try {
    return await statusCommand({ io, flags, version });
  } catch (error) {
    io.stderr(formatError(error));
    return EXIT_FAILURE;
  }
}
