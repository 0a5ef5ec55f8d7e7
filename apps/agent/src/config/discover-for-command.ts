import type { CliIo } from '../cli/cli-io.js';
import type { CliFlags } from '../cli/parse-cli-args.js';
import { type DiscoveredConfig, discoverConfig } from './discover-config.js';

/**
 * `discoverConfig` with a command's `--config` flag and the process's environment, cwd, home and signal.
 *
 * @throws ConfigError (any kind) when the chosen file is missing (explicit only), unreadable or invalid.
 */
export function discoverForCommand(io: CliIo, flags: Pick<CliFlags, 'config'>): Promise<DiscoveredConfig> {
  return discoverConfig({
    ...(flags.config === undefined ? {} : { flagPath: flags.config }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    env: io.env,
    cwd: io.cwd,
    homeDir: io.homeDir,
  });
}
