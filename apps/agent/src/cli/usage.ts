import { COMMANDS, type CommandEntry } from './commands.js';

const SUMMARY_COLUMN = 22;

const commandLines = Object.entries(COMMANDS)
  .map(([name, entry]) => `  ${name.padEnd(SUMMARY_COLUMN - 2)}${entry.summary}`)
  .join('\n');

/** `clawft --help`; the command list comes from the dispatch table in `commands.ts`. */
export const USAGE = `Usage: clawft <command> [options]

Commands:
${commandLines}

Options:
  -c, --config <path> Config file (otherwise CLAWFT_CONFIG, ./clawft.json, ~/.clawft/config.json, or defaults)
      --json          Machine-readable output
      --verbose       Logs to stderr
  -h, --help          Show this help
  -v, --version       Show the version

Exit codes: 0 success, 1 the command failed (bad config, failed turn, …), 2 the command line was wrong,
130 interrupted (Ctrl-C).

Configuration keys are described in docs/configuration.md.
`;

/** `clawft <command> --help`: the command's own help (or its summary), then the global options. */
export function commandHelp(name: string, entry: CommandEntry): string {
  const own = entry.help ?? `Usage: clawft ${name} [options]\n\n${entry.summary}\n`;
  const globals = USAGE.slice(USAGE.indexOf('Options:')).replace('Options:', 'Global options:');
  return `${own}\n${globals}`;
}
