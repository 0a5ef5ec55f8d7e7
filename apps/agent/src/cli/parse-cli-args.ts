import { parseArgs } from 'node:util';

export interface CliFlags {
  config?: string;
  json: boolean;
  help: boolean;
  version: boolean;
}

export type ParsedCli =
  | { ok: true; command: string | undefined; args: string[]; flags: CliFlags }
  | { ok: false; message: string };

/** Parses the command line with `node:util` `parseArgs`; an unknown or malformed option is a usage error. */
export function parseCliArgs(argv: readonly string[]): ParsedCli {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
    const flags: CliFlags = { json: values.json, help: values.help, version: values.version };
    if (values.config !== undefined) flags.config = values.config;
    const [command, ...args] = positionals;
    return { ok: true, command, args, flags };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      return { ok: false, message: (error as Error).message };
    }
    throw error;
  }
}
