import { COMMANDS } from './commands.js';

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
  -h, --help          Show this help
  -v, --version       Show the version

Configuration keys are described in docs/configuration.md.
`;
