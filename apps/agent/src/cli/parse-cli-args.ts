import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A command's own options, in `node:util` `parseArgs` form (declared in its `commands.ts` entry). */
export type CommandOptionSpec = NonNullable<ParseArgsConfig['options']>;

/** The values of a command's own options, by long name; absent when not given and without a default. */
export type CommandOptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** Options every command accepts. */
const GLOBAL_OPTIONS = {
  config: { type: 'string', short: 'c' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const satisfies CommandOptionSpec;

export interface CliFlags {
  config?: string;
  json: boolean;
  /** Logs (retries, MCP servers, problems) to stderr. */
  verbose: boolean;
  help: boolean;
  version: boolean;
}

export type ParsedCli =
  | { ok: true; command: string | undefined; args: string[]; flags: CliFlags; options: CommandOptionValues }
  | { ok: false; message: string };

/**
 * Parses the command line with `node:util` `parseArgs` in two passes: the first finds the command (the first
 * positional), the second parses strictly with the global options plus that command's own (`optionsOf`). An
 * unknown or malformed option is a usage error.
 */
export function parseCliArgs(
  argv: readonly string[],
  optionsOf: (command: string) => CommandOptionSpec | undefined = () => undefined,
): ParsedCli {
  try {
    const command = findCommandName(argv);
    const own = command === undefined ? {} : (optionsOf(command) ?? {});
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { ...own, ...GLOBAL_OPTIONS },
    });
    const flags: CliFlags = {
      json: values.json === true,
      verbose: values.verbose === true,
      help: values.help === true,
      version: values.version === true,
    };
    if (typeof values.config === 'string') flags.config = values.config;
    const options: Record<string, string | boolean | undefined> = {};
    const all: Readonly<Record<string, unknown>> = values;
    for (const name of Object.keys(own)) {
      const value = all[name];
      if (typeof value === 'string' || typeof value === 'boolean') options[name] = value;
    }
    const [, ...args] = positionals;
    return { ok: true, command: positionals[0], args, flags, options };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      return { ok: false, message: (error as Error).message };
    }
    throw error;
  }
}

/** The first positional argument, skipping the values of global options (`-c file`). */
function findCommandName(argv: readonly string[]): string | undefined {
  const { tokens } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: false,
    tokens: true,
    options: GLOBAL_OPTIONS,
  });
  for (const token of tokens) {
    if (token.kind === 'positional') return token.value;
  }
  return undefined;
}
