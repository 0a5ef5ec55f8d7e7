/** `clawft --help`. */
export const USAGE = `Usage: clawft <command> [options]

Commands:
  status              Show the config in use, providers, reliability settings, MCP servers and routing

Options:
  -c, --config <path> Config file (otherwise CLAWFT_CONFIG, ./clawft.json, ~/.clawft/config.json, or defaults)
      --json          Machine-readable output
  -h, --help          Show this help
  -v, --version       Show the version

Configuration keys are described in docs/configuration.md.
`;
